import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, median, percentile, summarize } from '../src/fanout-stats.ts';
import { RoundTracker } from '../src/fanout-clients.ts';

describe('percentile (nearest rank)', () => {
  it('takes the smallest value with at least p % of the values at or below it', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 5)).toBe(15);
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
  });

  it('does not depend on the order of the values and does not reorder them', () => {
    const values = [9, 1, 5, 3, 7];
    expect(percentile(values, 50)).toBe(5);
    expect(values).toEqual([9, 1, 5, 3, 7]);
  });

  it('puts p99 of 1,000 values on the 990th smallest', () => {
    const values = Array.from({ length: 1000 }, (_, index) => 1000 - index); // 1000 … 1
    expect(percentile(values, 99)).toBe(990);
    expect(summarize(values)).toEqual({ count: 1000, p50: 500, p99: 990, max: 1000 });
  });

  it('refuses an empty list and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(summarize([]).count).toBe(0);
    expect(median([])).toBeNaN();
  });
});

describe('formatting', () => {
  it('keeps a decimal below 10 ms and says when nothing was measured', () => {
    expect(formatMs(3.14159)).toBe('3.1');
    expect(formatMs(123.6)).toBe('124');
    expect(formatMs(NaN)).toBe('–');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12.5 * 1024)).toBe('12.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});

describe('RoundTracker', () => {
  it('times each subscriber’s first receipt of the round’s event, per group, and counts the rest apart', async () => {
    const tracker = new RoundTracker(new Uint8Array([0, 0, 1]));
    const result = await tracker.round(async () => {
      const now = performance.now();
      tracker.onReceipt(0, 'event-1', now + 5);
      tracker.onReceipt(0, 'event-1', now + 6); // a duplicate
      tracker.onReceipt(1, 'someone-else', now + 7); // another event (a shared Redis)
      tracker.onReceipt(1, null, now + 8); // an error
      tracker.onReceipt(1, 'event-1', now + 9);
      tracker.onReceipt(2, 'event-1', now + 20);
    }, 1000);
    expect(result.missing).toBe(0);
    expect(result.latencies[0]).toHaveLength(2);
    expect(result.latencies[1]).toHaveLength(1);
    expect(result.latencies[1]![0]).toBeGreaterThanOrEqual(20);
    expect(result.latencies[0]![0]).toBeLessThan(result.latencies[1]![0]!);
    expect([tracker.duplicates, tracker.stray, tracker.errors]).toEqual([1, 1, 1]);

    // A late delivery of the previous round's event does not become the next round's event.
    const next = await tracker.round(async () => {
      tracker.onReceipt(2, 'event-1', performance.now());
      tracker.onReceipt(0, 'event-2', performance.now());
    }, 50);
    expect(tracker.late).toBe(1);
    expect(next.missing).toBe(2);
    expect(next.latencies.flat()).toHaveLength(1);
  });
});
