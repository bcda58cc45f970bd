import autocannon from 'autocannon';

export interface LoadResult {
  /** Completed operations per second. */
  throughput: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

/**
 * Each bounded load runs at most this long and this many operations, whichever comes first, after a warm-up of
 * `warmUpSeconds` at the same concurrency that is not measured (so that every server, floor and peer alike, is
 * measured with its code compiled, its caches filled and its connections open, not from a cold start).
 */
export interface Bounds {
  seconds: number;
  maxCount: number;
  warmUpSeconds: number;
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * Runs `operation` from `concurrency` workers, first for the warm-up, then until the time or the count bound is
 * reached; latency in ms. `operation(i)` gets a distinct index per call, the warm-up's included (both draw from
 * `maxCount` indices); a throw counts as an error (and stops that worker after 20).
 */
export async function measure(
  concurrency: number,
  bounds: Bounds,
  operation: (i: number) => Promise<void>,
): Promise<LoadResult> {
  let latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown = null;
  const run = (seconds: number) => {
    const deadline = performance.now() + seconds * 1000;
    return Promise.all(
      Array.from({ length: concurrency }, async () => {
        let workerErrors = 0;
        while (performance.now() < deadline && next < bounds.maxCount && workerErrors < 20) {
          const i = next++;
          const t = performance.now();
          try {
            await operation(i);
            latencies.push(performance.now() - t);
          } catch (error) {
            errors++;
            workerErrors++;
            firstError ??= error;
          }
        }
      }),
    );
  };
  await run(bounds.warmUpSeconds);
  if (firstError) throw firstError;
  latencies = [];
  const started = performance.now();
  await run(bounds.seconds);
  const elapsed = (performance.now() - started) / 1000;
  if (firstError && latencies.length === 0) throw firstError;
  latencies.sort((a, b) => a - b);
  return {
    throughput: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
    errors,
  };
}

/** The same bounded load over HTTP with autocannon (in process): one GraphQL POST body, repeated. */
export async function httpLoad(
  url: string,
  body: string,
  concurrency: number,
  bounds: Bounds,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const load = (seconds: number) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      connections: concurrency,
      duration: seconds,
      maxOverallRequests: Math.max(bounds.maxCount, concurrency),
      // A GraphQL error comes back as 200 with `errors`: callers send the body once through `graphql` first.
    });
  if (bounds.warmUpSeconds > 0) await load(bounds.warmUpSeconds);
  const result = await load(bounds.seconds);
  const count = result.requests.total;
  return {
    throughput: count / Math.max(result.duration, 0.001),
    // No completed request (every one timed out): no latency to report, rather than autocannon's zeros.
    p50: count ? result.latency.p50 : NaN,
    p99: count ? result.latency.p99 : NaN,
    count,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Sends one GraphQL request and fails loudly on any error (so that a load never measures error responses). */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const payload = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || payload.errors?.length || !payload.data) {
    throw new Error(`GraphQL request to ${url} failed (${response.status}): ${JSON.stringify(payload).slice(0, 800)}`);
  }
  return payload.data;
}

export const ms = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(value < 10 ? 2 : 1)) : '–');
export const perSecond = (value: number) => Math.round(value);
