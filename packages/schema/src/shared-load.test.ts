import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSharedLoader } from './shared-load.ts';

afterEach(() => vi.useRealTimers());

describe('createSharedLoader', () => {
  it('loads once for callers asking for the same key within the time to live', async () => {
    vi.useFakeTimers();
    const shared = createSharedLoader<number>(1000);
    const load = vi.fn(async () => 42);
    expect(await Promise.all([shared('a', load), shared('a', load), shared('a', load)])).toEqual([42, 42, 42]);
    expect(load).toHaveBeenCalledTimes(1);
    await shared('b', load);
    expect(load).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    await shared('a', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not keep a failed load', async () => {
    const shared = createSharedLoader<number>(60_000);
    const failing = vi.fn(async () => {
      throw new Error('down');
    });
    await expect(shared('a', failing)).rejects.toThrow('down');
    expect(await shared('a', async () => 7)).toBe(7);
  });
});
