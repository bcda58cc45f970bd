/**
 * Subscription fan-out (issue #6): how long one ticket change takes to reach every graphql-ws subscriber, and what
 * each subscriber costs in server memory.
 *
 *   - one API instance with 1,000 and 5,000 subscribers (the wallboard's `ticketEvents` subscription, as a
 *     supervisor), changes made through GraphQL (`addNote`, an internal note, on one ticket) on that instance;
 *   - two instances sharing Redis, half the subscribers on each, changes made on the first: receipts timed on the
 *     publishing instance and on the other one;
 *   - the floor, in the same run: a bare `ws` server speaking just enough graphql-ws to broadcast a message of the
 *     same shape to the same number of the same clients (src/fanout-floor-server.ts).
 *
 * Latency is timed from the moment the change is sent (before the mutation's request; the server publishes after
 * its transaction commits, so the figure includes the write) to the moment each client's `next` handler runs.
 * All clients live in this process, on loopback; all servers are separate processes. Every wait is bounded.
 *
 * Each subscriber is one open file here and one in its server: the bench checks `ulimit -n` first and, when it is
 * too low for the largest run, stops and says which `ulimit -n` to set in the shell (Node cannot raise its own).
 *
 * Tuning through the environment: BENCH_FANOUT_SUBSCRIBERS (default "1000,5000"), BENCH_FANOUT_CHANGES (20),
 * BENCH_FANOUT_SETUPS (default "floor,single,redis").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSection } from './report.ts';
import { ensureBenchSupervisorAndQueue, graphql, repoRoot, signIn, startApi, type ApiProcess } from './api-process.ts';
import { openSubscribers, RoundTracker, type SubscriberPool } from './fanout-clients.ts';
import { formatBytes, formatMs, median, summarize, type LatencySummary } from './fanout-stats.ts';
import { MEMORY_PROBE_NODE_ARGS, readLiveMemory } from './memory-probe.ts';

const TARGET_P99_MS = 100;
const TARGET_SUBSCRIBERS = 5000;
const WARMUP_ATTEMPTS = 5;
const WARMUP_TIMEOUT_MS = 30_000;
const ROUND_TIMEOUT_MS = 10_000;
const GAP_BETWEEN_CHANGES_MS = 100;
const SETTLE_MS = 1500;
const WARM_POOL = 20;

const COLUMNS = [
  'Setup',
  'Subscribers',
  'Received',
  'p50 ms',
  'p99 ms',
  'max ms',
  'Memory / subscriber',
  'Trigger round trip ms (median)',
];

const CREATE_TICKET = /* GraphQL */ `
  mutation BenchCreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
    }
  }
`;
const ADD_NOTE = /* GraphQL */ `
  mutation BenchAddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`;

function sizesFromEnvironment(): number[] {
  const sizes = (process.env.BENCH_FANOUT_SUBSCRIBERS ?? '1000,5000').split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 2)) {
    throw new Error(
      `BENCH_FANOUT_SUBSCRIBERS must list whole numbers ≥ 2, not "${process.env.BENCH_FANOUT_SUBSCRIBERS}"`,
    );
  }
  return sizes;
}

type Setup = 'floor' | 'single' | 'redis';
function setupsFromEnvironment(): Set<Setup> {
  const setups = (process.env.BENCH_FANOUT_SETUPS ?? 'floor,single,redis').split(',').map((setup) => setup.trim());
  const unknown = setups.filter((setup) => !['floor', 'single', 'redis'].includes(setup));
  if (unknown.length) throw new Error(`BENCH_FANOUT_SETUPS takes floor, single and redis, not ${unknown.join(', ')}`);
  return new Set(setups as Setup[]);
}

function changesFromEnvironment(): number {
  const changes = Number(process.env.BENCH_FANOUT_CHANGES ?? 20);
  if (!Number.isInteger(changes) || changes < 1) throw new Error('BENCH_FANOUT_CHANGES must be a whole number ≥ 1');
  return changes;
}

/**
 * Every subscriber is a socket in this process and another in the server's. Node cannot raise its own limit:
 * run `ulimit -n 20000` (up to the hard limit) in the shell before `npm run bench` when this refuses.
 */
function checkOpenFileLimit(subscribers: number) {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  const needed = subscribers + 1024;
  if (soft < needed) {
    throw new Error(
      `${subscribers} subscribers need about ${needed} open files, the limit is ${soft}: run \`ulimit -n ${needed}\` first.`,
    );
  }
}

interface FloorServer {
  wsUrl: string;
  pid: number;
  publish(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the bare broadcast server (its own process, like the API) and waits until it listens. */
async function startFloorServer(): Promise<FloorServer> {
  const script = fileURLToPath(new URL('./fanout-floor-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', ...MEMORY_PROBE_NODE_ARGS, script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The floor server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The floor server exited (${code}):\n${output}`));
    });
  });
  return {
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    publish: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/publish`, {
        method: 'POST',
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new Error(`The floor server answered ${response.status}`);
    },
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

interface SubscriberGroup {
  wsUrl: string;
  count: number;
  cookie?: string;
}

interface FanoutFigures {
  groups: LatencySummary[];
  expected: number;
  received: number;
  memoryPerSubscriber: number;
  triggerMedianMs: number;
  notes: string[];
}

/**
 * Connects the groups' subscribers, makes sure every subscription is live (a warm-up change reaches everyone),
 * reads the servers' memory, then times `changes` changes one after the other.
 */
async function measureFanout(
  ctx: BenchContext,
  label: string,
  options: { groups: SubscriberGroup[]; serverPids: number[]; trigger: () => Promise<unknown>; changes: number },
): Promise<FanoutFigures> {
  const total = options.groups.reduce((sum, group) => sum + group.count, 0);
  const serversLiveMemory = async () => {
    const readings = await Promise.all(options.serverPids.map((pid) => readLiveMemory(pid)));
    return readings.reduce((sum, live) => sum + live, 0);
  };
  const groupOf = new Uint8Array(total);
  let offset = 0;
  options.groups.forEach((group, index) => {
    groupOf.fill(index, offset, offset + group.count);
    offset += group.count;
  });
  const tracker = new RoundTracker(groupOf);
  const pools: SubscriberPool[] = [];
  const notes: string[] = [];

  // A few subscribers first, so that the code paths of connecting and delivering are loaded and compiled before the
  // baseline is read: the memory figure is then what each further subscriber costs.
  const warmTracker = new RoundTracker(new Uint8Array(options.groups.length * WARM_POOL));
  const warmPools = await Promise.all(
    options.groups.map((group, index) =>
      openSubscribers({ ...group, count: WARM_POOL, firstIndex: index * WARM_POOL, onReceipt: warmTracker.onReceipt }),
    ),
  );
  await warmTracker.round(options.trigger, WARMUP_TIMEOUT_MS);
  await Promise.all(warmPools.map((pool) => pool.close()));
  await sleep(SETTLE_MS);
  const liveBefore = await serversLiveMemory();
  try {
    ctx.log(`fan-out ${label}: connecting ${total} subscribers…`);
    const rampStarted = performance.now();
    offset = 0;
    for (const group of options.groups) {
      const pool = await openSubscribers({
        wsUrl: group.wsUrl,
        count: group.count,
        firstIndex: offset,
        cookie: group.cookie,
        onReceipt: tracker.onReceipt,
      });
      pools.push(pool);
      offset += group.count;
      if (pool.connected < group.count) {
        throw new Error(`only ${pool.connected} of ${group.count} connected (${pool.failures.join('; ')})`);
      }
    }
    const rampMs = performance.now() - rampStarted;
    notes.push(
      `${label}: ${total} subscribers connected in ${(rampMs / 1000).toFixed(1)} s (50 connecting at a time).`,
    );
    ctx.log(`fan-out ${label}: ${total} connected in ${Math.round(rampMs)} ms; warming up…`);

    // No protocol message says a subscription is live: wait until one change reaches every subscriber.
    let warm = false;
    for (let attempt = 1; attempt <= WARMUP_ATTEMPTS && !warm; attempt++) {
      const round = await tracker.round(options.trigger, WARMUP_TIMEOUT_MS);
      warm = round.missing === 0;
      if (!warm) ctx.log(`fan-out ${label}: warm-up ${attempt}: ${round.missing} subscribers not reached yet`);
    }
    if (!warm) throw new Error(`a change never reached every subscriber in ${WARMUP_ATTEMPTS} warm-ups`);

    await sleep(SETTLE_MS);
    const memoryPerSubscriber = ((await serversLiveMemory()) - liveBefore) / total;

    const latencies: number[][] = options.groups.map(() => []);
    const triggerMs: number[] = [];
    let received = 0;
    for (let change = 0; change < options.changes; change++) {
      const round = await tracker.round(options.trigger, ROUND_TIMEOUT_MS);
      round.latencies.forEach((values, group) => {
        latencies[group]!.push(...values);
        received += values.length;
      });
      triggerMs.push(round.triggerMs);
      await sleep(GAP_BETWEEN_CHANGES_MS);
    }
    const dropped = pools.reduce((sum, pool) => sum + pool.dropped, 0);
    if (dropped) notes.push(`${label}: ${dropped} connections dropped during the measurement.`);
    if (tracker.errors) notes.push(`${label}: ${tracker.errors} deliveries carried a GraphQL error.`);
    if (tracker.stray) {
      notes.push(`${label}: ${tracker.stray} deliveries of events not made by the bench (ignored; a shared Redis?).`);
    }
    if (tracker.late) notes.push(`${label}: ${tracker.late} deliveries arrived after their round timed out.`);
    ctx.log(`fan-out ${label}: ${received} of ${total * options.changes} receipts`);
    return {
      groups: latencies.map((values) => summarize(values)),
      expected: total * options.changes,
      received,
      memoryPerSubscriber,
      triggerMedianMs: median(triggerMs),
      notes,
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** A signed-in supervisor and a ticket on one API, and a trigger that adds an internal note to it. */
async function prepareChanges(api: ApiProcess, databaseUrl: string) {
  const { supervisor, queueId } = await ensureBenchSupervisorAndQueue(databaseUrl);
  const cookie = await signIn(api.graphqlUrl, supervisor.email, supervisor.password);
  const { data } = await graphql<{ createTicket: { id: string } }>(
    api.graphqlUrl,
    CREATE_TICKET,
    {
      input: {
        queueId,
        subject: 'Fan-out benchmark',
        placeAndWhat: 'Benchmark, loopback',
        description: 'A ticket the benchmark adds internal notes to, to time their delivery to every subscriber.',
        requestedPriority: 3,
      },
    },
    cookie,
  );
  let sequence = 0;
  const trigger = () =>
    graphql(
      api.graphqlUrl,
      ADD_NOTE,
      { input: { ticketId: data.createTicket.id, visibility: 'INTERNAL', body: `Fan-out change ${++sequence}` } },
      cookie,
    );
  // Warm the server's code paths before anything is measured.
  for (let i = 0; i < 5; i++) await trigger();
  return { cookie, trigger, ticketId: data.createTicket.id };
}

/** Removes the bench's ticket (its notes and events go with it), so that the data set is left as it was found. */
async function deleteTicket(databaseUrl: string, ticketId: string | undefined) {
  if (!ticketId) return;
  const { createPrismaClient } = await import('@sportello/db');
  const db = createPrismaClient(databaseUrl, { maxConnections: 1 });
  try {
    await db.ticket.deleteMany({ where: { id: ticketId } });
  } finally {
    await db.$disconnect();
  }
}

function rowsOf(setup: string[], subscribers: number[], figures: FanoutFigures) {
  return figures.groups.map((group, index) => ({
    Setup: setup[index]!,
    Subscribers: subscribers[index]!,
    Received: `${figures.received}/${figures.expected}`,
    'p50 ms': formatMs(group.p50),
    'p99 ms': formatMs(group.p99),
    'max ms': formatMs(group.max),
    'Memory / subscriber': formatBytes(figures.memoryPerSubscriber),
    'Trigger round trip ms (median)': formatMs(figures.triggerMedianMs),
  }));
}

export async function run(ctx: BenchContext): Promise<BenchSection[]> {
  const sizes = sizesFromEnvironment();
  const changes = changesFromEnvironment();
  const setups = setupsFromEnvironment();
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  checkOpenFileLimit(Math.max(...sizes));
  const rows: Array<Record<string, string | number>> = [];
  const notes: string[] = [];
  const p99AtTarget: number[] = [];

  const attempt = async (setup: string, subscribers: number, measure: () => Promise<void>) => {
    try {
      await measure();
    } catch (error) {
      // One failed setup leaves its row empty and says why; the others are still measured.
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      rows.push({
        ...Object.fromEntries(COLUMNS.map((column) => [column, '–'])),
        Setup: setup,
        Subscribers: subscribers,
      });
      notes.push(`${setup}, ${subscribers} subscribers: failed: ${message}`);
      ctx.log(`fan-out: ${setup}, ${subscribers} subscribers failed: ${error instanceof Error ? error.stack : error}`);
    }
  };

  for (const size of sizes) {
    if (setups.has('floor'))
      await attempt('Floor: bare ws broadcast', size, async () => {
        const floor = await startFloorServer();
        try {
          const figures = await measureFanout(ctx, `floor ×${size}`, {
            groups: [{ wsUrl: floor.wsUrl, count: size }],
            serverPids: [floor.pid],
            trigger: floor.publish,
            changes,
          });
          rows.push(...rowsOf(['Floor: bare ws broadcast'], [size], figures));
          notes.push(...figures.notes);
        } finally {
          await floor.stop();
        }
      });

    if (setups.has('single'))
      await attempt('Sportello API, 1 instance', size, async () => {
        const api = await startApi({ databaseUrl: ctx.databaseUrl, nodeArgs: MEMORY_PROBE_NODE_ARGS });
        let benchTicket: string | undefined;
        try {
          const { cookie, trigger, ticketId } = await prepareChanges(api, ctx.databaseUrl);
          benchTicket = ticketId;
          const figures = await measureFanout(ctx, `1 instance ×${size}`, {
            groups: [{ wsUrl: api.wsUrl, count: size, cookie }],
            serverPids: [api.pid],
            trigger,
            changes,
          });
          rows.push(...rowsOf(['Sportello API, 1 instance'], [size], figures));
          notes.push(...figures.notes);
          if (size === TARGET_SUBSCRIBERS) p99AtTarget.push(figures.groups[0]!.p99);
        } finally {
          await api.stop();
          await deleteTicket(ctx.databaseUrl, benchTicket);
        }
      });

    const half = Math.floor(size / 2);
    if (setups.has('redis'))
      await attempt('2 instances + Redis', size, async () => {
        const apis: ApiProcess[] = [];
        let benchTicket: string | undefined;
        try {
          // One after the other, and each kept as soon as it runs, so that `finally` stops whichever started.
          for (let instance = 0; instance < 2; instance++) {
            apis.push(
              await startApi({
                databaseUrl: ctx.databaseUrl,
                redisUrl: ctx.redisUrl,
                nodeArgs: MEMORY_PROBE_NODE_ARGS,
              }),
            );
          }
          const [publishing, other] = apis as [ApiProcess, ApiProcess];
          const { cookie, trigger, ticketId } = await prepareChanges(publishing, ctx.databaseUrl);
          benchTicket = ticketId;
          const figures = await measureFanout(ctx, `2 instances ×${size}`, {
            groups: [
              { wsUrl: publishing.wsUrl, count: half, cookie },
              { wsUrl: other.wsUrl, count: size - half, cookie },
            ],
            serverPids: apis.map((api) => api.pid),
            trigger,
            changes,
          });
          const names = ['2 instances + Redis: publishing instance', '2 instances + Redis: other instance'];
          rows.push(...rowsOf(names, [half, size - half], figures));
          notes.push(...figures.notes);
          if (size === TARGET_SUBSCRIBERS) p99AtTarget.push(...figures.groups.map((group) => group.p99));
        } finally {
          await Promise.all(apis.map((api) => api.stop()));
          await deleteTicket(ctx.databaseUrl, benchTicket);
        }
      });
  }

  if (p99AtTarget.length) {
    const worst = Math.max(...p99AtTarget);
    notes.unshift(
      `Target: p99 under ${TARGET_P99_MS} ms at ${TARGET_SUBSCRIBERS} subscribers — ${worst < TARGET_P99_MS ? 'met' : 'missed'} ` +
        `(worst p99 ${formatMs(worst)} ms).`,
    );
  }
  notes.push(
    `Latency: from just before the change is sent (an internal note added through GraphQL; the floor: a POST that ` +
      `makes it broadcast) to each client's \`next\` handler, over ${changes} changes one after the other, each ` +
      `once the previous one reached everyone. Subscription: the wallboard's \`ticketEvents { id type }\`, as a supervisor.`,
    'All clients are graphql-ws clients in the bench process (one WebSocket each, on 127.0.0.1); every server is its ' +
      'own process. The floor uses the same clients, so the gap between the two rows is what the API adds.',
    'Memory per subscriber: growth of what the server processes’ live objects take (V8 heap in use plus Buffers and ' +
      'other memory held outside it, read right after forced full collections) from before the clients connect (20 warm-up ' +
      'subscribers came and went) to after they are subscribed and one change reached them, divided by the ' +
      'subscribers. Resident memory is not used: the allocator keeps freed pages for a while, so it moves with ' +
      'garbage collection rather than with subscribers. Kernel socket buffers are not counted.',
    `Machine load average (1, 5, 15 min) at the start: ${loadBefore}; at the end: ` +
      `${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (${cpus().length} CPUs).`,
    'The two-instance rows share one measurement: memory is that of both instances over all subscribers, and ' +
      '"Received" counts both groups.',
  );
  return [{ title: 'Subscription fan-out', columns: COLUMNS, rows, notes }];
}
