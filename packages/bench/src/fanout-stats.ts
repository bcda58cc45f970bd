/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest value such that at least p % of the
 * values are less than or equal to it. Always one of the measured values, never an interpolation between two.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile is in (0, 100], not ${p}.`);
  if (values.length === 0) throw new RangeError('No values to take a percentile of.');
  return nearestRank(
    [...values].sort((a, b) => a - b),
    p,
  );
}

const nearestRank = (sorted: readonly number[], p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: nearestRank(sorted, 50), p99: nearestRank(sorted, 99), max: sorted.at(-1)! };
}

export function median(values: readonly number[]): number {
  return values.length ? percentile(values, 50) : NaN;
}

/** Milliseconds for a table cell: one decimal below 10 ms, whole numbers above; "–" when nothing was measured. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
