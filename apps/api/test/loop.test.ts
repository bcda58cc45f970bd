import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLoop } from '../src/jobs/loop.ts';

afterEach(() => vi.useRealTimers());

describe('startLoop', () => {
  it('runs a pass at once, the next one an interval after it ended, and goes on after a failure', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startLoop(
      async () => {
        passes++;
        if (passes === 2) throw new Error('database away');
        return passes;
      },
      { intervalMs: 1000, onError: (error) => errors.push(error) },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(2);
    expect(errors).toEqual([new Error('database away')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(passes).toBe(3);
    expect(await loop.runOnce()).toBe(4);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(4);
  });

  it('runs at once when woken while waiting, and once more right after the pass under way when woken during it', async () => {
    vi.useFakeTimers();
    let passes = 0;
    let finishPass: (() => void) | null = null;
    const loop = startLoop(
      () =>
        new Promise<void>((resolve) => {
          passes++;
          finishPass = resolve;
        }),
      { intervalMs: 60_000, onError: () => {} },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    finishPass!();
    await vi.advanceTimersByTimeAsync(10);
    // Waiting for the interval: a wake-up starts the next pass now.
    loop.wake();
    expect(passes).toBe(2);
    // During a pass: three wake-ups ask for one more pass, right after it, not three.
    loop.wake();
    loop.wake();
    loop.wake();
    expect(passes).toBe(2);
    finishPass!();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(3);
    finishPass!();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(passes).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(4);
    const stopping = loop.stop();
    finishPass!();
    await stopping;
    loop.wake();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(passes).toBe(4);
  });

  it('waits for the pass under way when stopped, and reports nothing it throws while stopping', async () => {
    let finish!: () => void;
    const onError = vi.fn();
    const loop = startLoop(
      () =>
        new Promise<void>((_resolve, reject) => {
          finish = () => reject(new Error('interrupted'));
        }),
      { intervalMs: 1000, onError },
    );
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(onError).not.toHaveBeenCalled();
  });
});
