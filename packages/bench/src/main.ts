/**
 * `npm run bench`: prepares the bench database (created, migrated, generated once per scale and reused), starts
 * the Sportello API as a child process and PostGraphile 5 as its peer, runs every section, prints the tables and
 * writes docs/benchmarks.md. Environment:
 * - BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/sportello_bench), BENCH_REDIS_URL
 * - BENCH_TICKETS (default 1000000): the scale; another scale regenerates the data set
 * - BENCH_SECONDS (default 4) and BENCH_MAX_REQUESTS (default 50000): the bounds of each load, which follows an
 *   unmeasured warm-up of BENCH_WARMUP_SECONDS (default 2) at the same concurrency
 * - BENCH_REPORT (default docs/benchmarks.md at the repository root)
 * - BENCH_ONLY: a comma-separated subset of list, mutations, metrics, fanout, wallboard (default: all of them)
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { prepareBenchDatabase, readDataset } from './database.ts';
import { BENCH_ADMIN_EMAIL, generate } from './generate.ts';
import { runList } from './list.ts';
import { runMetrics } from './metrics.ts';
import { runMutations } from './mutations.ts';
import { describeMachine, markdownReport, textTable } from './render.ts';
import type { BenchContext, BenchSection } from './report.ts';
import { startApi, type ApiProcess } from './api-process.ts';
import { preparePeerSchema, startPeer, type PeerServer } from './peer.ts';

const startedAt = new Date();
const log = (message: string) =>
  console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const env = process.env;
const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sportello_bench';
const tickets = Number(env.BENCH_TICKETS ?? 1_000_000);
const bounds = {
  seconds: Number(env.BENCH_SECONDS ?? 4),
  maxCount: Number(env.BENCH_MAX_REQUESTS ?? 50_000),
  warmUpSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
};
const reportPath = env.BENCH_REPORT ?? join(dirname(fileURLToPath(import.meta.url)), '../../../docs/benchmarks.md');
if (!Number.isInteger(tickets) || tickets < 1000) throw new Error('BENCH_TICKETS must be an integer ≥ 1000');

const machine = await describeMachine(databaseUrl.replace(/\/[^/]*$/, '/postgres'));
log(`machine: ${machine.cpu} × ${machine.cores}, load ${machine.loadAverage.join(' ')}`);
await prepareBenchDatabase(databaseUrl, log);

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
let dataset = await readDataset(client);
let generatedNow = false;
if (!dataset || dataset.tickets !== tickets) {
  log(
    dataset
      ? `data set has ${dataset.tickets} tickets, ${tickets} requested: regenerating`
      : 'no data set yet: generating',
  );
  await generate(databaseUrl, tickets, log);
  dataset = (await readDataset(client))!;
  generatedNow = true;
  log(`generated in ${dataset.seconds.toFixed(0)} s`);
} else log(`reusing the data set of ${tickets} tickets`);
const { rows: admins } = await client.query<{ id: string }>('SELECT "id" FROM "User" WHERE "email" = $1', [
  BENCH_ADMIN_EMAIL,
]);
await client.end();

// A staff API token, issued the way the application issues them.
process.env.DATABASE_URL = databaseUrl;
const { issueApiToken } = await import('@sportello/schema/domain/identity');
const { db } = await import('@sportello/schema/db');
const { token } = await issueApiToken(admins[0]!.id, { name: `bench ${startedAt.toISOString()}`, scope: 'READ_WRITE' });
await db.$disconnect();

const only = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((name) => name.trim())) : null;
const sections: BenchSection[] = [];
const failures: string[] = [];
async function section(key: string, name: string, run: () => Promise<BenchSection | BenchSection[]>) {
  if (only && !only.has(key)) return;
  try {
    const result = await run();
    sections.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`FAILED: ${name}\n${message}`);
    failures.push(name);
    sections.push({ title: `${name}: FAILED`, columns: ['error'], rows: [{ error: message.split('\n')[0]! }] });
  }
}

let api: ApiProcess | null = null;
let peer: PeerServer | null = null;
const wanted = (key: string) => !only || only.has(key);
if (wanted('list') || wanted('mutations'))
  try {
    await preparePeerSchema(databaseUrl);
    // The outbox writer runs, as in production: the mutations section counts the confirmations it writes.
    api = await startApi({ databaseUrl, env: { SPORTELLO_MAIL_OUTBOUND: 'true' } });
    log(`Sportello API (pid ${api.pid}) on ${api.origin}`);
    const sportelloUrl = api.graphqlUrl;
    await section('list', 'Ticket list', async () => {
      peer = await startPeer(databaseUrl, log);
      const result = await runList({
        sportelloUrl,
        token,
        peerUrl: peer.url,
        databaseUrl,
        concurrencies: [1, 16, 64],
        bounds,
        log,
      });
      await peer.stop();
      peer = null;
      return result;
    });
    await section('mutations', 'Mutations', () =>
      runMutations({ sportelloUrl, token, databaseUrl, concurrency: 16, bounds, log }),
    );
  } finally {
    // Still running only when the list section failed half-way (TypeScript cannot see the assignment in the closure).
    await (peer as PeerServer | null)?.stop();
    await api?.stop();
  }
await section('metrics', 'Metrics', () =>
  runMetrics({
    databaseUrl,
    dataNow: dataset.dataNow,
    runs: Number(env.BENCH_METRICS_RUNS ?? 30),
    previousRuns: 3,
    log,
  }),
);

// The live sections (helper modules beside this one): each must be there; a missing one fails the run loudly.
const context: BenchContext = { databaseUrl, redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', tickets, log };
for (const [key, name, file] of [
  ['fanout', 'Subscription fan-out', './fanout.ts'],
  ['wallboard', 'Wallboard', './wallboard.ts'],
] as const) {
  await section(key, name, async () => {
    const module = (await import(new URL(file, import.meta.url).href)) as {
      run?: (ctx: BenchContext) => Promise<BenchSection[]>;
    };
    if (typeof module.run !== 'function') throw new Error(`${file} does not export run(ctx)`);
    return module.run(context);
  });
}

const durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
for (const result of sections) console.log(`${textTable(result)}\n`);
const report = markdownReport({
  machine,
  tickets,
  dataset: { rows: dataset.rows, seconds: dataset.seconds, generatedNow },
  startedAt,
  durationSeconds,
  sections,
  busy: machine.loadAverage[0]! > machine.cores,
  bounds,
});
// Formatted as the repository's own Markdown is (the root devDependency prettier), so that its check passes.
const prettier = await import('prettier');
const prettierOptions = (await prettier.resolveConfig(reportPath)) ?? {};
await writeFile(reportPath, await prettier.format(report, { ...prettierOptions, filepath: reportPath }));
log(`report written to ${reportPath} (${Math.round(durationSeconds)} s)`);
if (failures.length) {
  log(`sections that failed: ${failures.join(', ')}`);
  process.exitCode = 1;
}
