import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescingThrottle } from './throttle.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-15T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('coalescingThrottle', () => {
  it('runs at once the first time, then once for a burst, at most once per interval', async () => {
    const runs: number[] = [];
    const throttle = coalescingThrottle(async () => void runs.push(Date.now()), 1_000);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);

    for (let index = 0; index < 50; index++) throttle.trigger();
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);

    // A trigger right after a run waits for the rest of the interval; more triggers meanwhile add nothing.
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(500);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(499);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(3);
    expect(runs.slice(1).map((at, index) => at - runs[index]!)).toEqual([1_000, 1_000]);

    // Quiet: nothing more runs. After a quiet spell a trigger runs at once.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(3);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(4);
    throttle.stop();
  });

  it('never overlaps runs, counts the interval from the end of a slow run, and coalesces what came meanwhile', async () => {
    let active = 0;
    let maxActive = 0;
    const ends: number[] = [];
    const throttle = coalescingThrottle(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      active--;
      ends.push(Date.now());
    }, 1_000);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(100);
    throttle.trigger();
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxActive).toBe(1);
    // First run 0–3000 ms; the second starts 1000 ms after it ended and lasts 3000 ms.
    expect(ends.map((at) => at - new Date('2026-01-15T10:00:00Z').getTime())).toEqual([3_000, 7_000]);
    throttle.stop();
  });

  it('reports errors and keeps working; stop cancels what is pending', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = coalescingThrottle(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      1_000,
      (error) => errors.push(error),
    );
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(0);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    throttle.trigger();
    throttle.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
  });
});
