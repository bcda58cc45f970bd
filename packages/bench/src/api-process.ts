import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** A free TCP port on loopback (closed again before it is handed out: the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface StartApiOptions {
  databaseUrl: string;
  /** Shares events with other instances through Redis; in-process pub/sub without it. */
  redisUrl?: string;
  /** A dashboard build to serve on the same origin (SPORTELLO_DASHBOARD_DIR); none when absent. */
  dashboardDir?: string;
  /** Loads the demo data into an empty database (off by default: the bench brings its own data). */
  demoData?: boolean;
  /** Anything else for the child's environment (wins over the defaults). */
  env?: Record<string, string>;
  /** Extra arguments for node, before the API's script (e.g. `--expose-gc`, `--import <preload>`). */
  nodeArgs?: string[];
  /** How long the API may take to answer /healthz (migrations, tsx compiling on a loaded machine). */
  startTimeoutMs?: number;
}

export interface ApiProcess {
  /** http://127.0.0.1:<port> */
  origin: string;
  graphqlUrl: string;
  wsUrl: string;
  /** The node process running the API itself (spawned as `node --import tsx`, so no wrapper in between). */
  pid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 16_000;

/**
 * Starts `apps/api/src/main.ts` as a child process on a free loopback port, with the background work that would
 * disturb a measurement turned off (automation worker, mail, rate limits), and waits until /healthz answers.
 */
export async function startApi(options: StartApiOptions): Promise<ApiProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const scratchDir = await mkdtemp(join(tmpdir(), 'sportello-bench-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SPORTELLO_AUTOMATION: 'false',
    SPORTELLO_DEMO_DATA: options.demoData ? 'true' : 'false',
    SPORTELLO_RATE_LIMITS: 'off',
    SPORTELLO_MAIL_INBOUND: 'false',
    SPORTELLO_MAIL_OUTBOUND: 'false',
    ...options.env,
  };
  delete env.REDIS_URL;
  delete env.SPORTELLO_DASHBOARD_DIR;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  // A directory that does not exist makes the API serve no dashboard at all (rather than the default build).
  env.SPORTELLO_DASHBOARD_DIR = options.dashboardDir ?? join(scratchDir, 'no-dashboard');

  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', ...(options.nodeArgs ?? []), 'apps/api/src/main.ts'],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // Never leave an API behind when the bench itself dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const cleanUp = async () => {
    process.removeListener('exit', killOnExit);
    await rm(scratchDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await cleanUp();
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) {
      await cleanUp();
      throw new Error(`The API exited (code ${exitCode}) before answering /healthz:\n${output}`);
    }
    const healthy = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API did not answer /healthz within ${options.startTimeoutMs ?? 120_000} ms:\n${output}`);
    }
    await sleep(200);
  }

  return {
    origin,
    graphqlUrl: `${origin}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    output: () => output,
    stop,
  };
}

export interface GraphQLResult<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** One GraphQL request over HTTP; throws on a GraphQL error so that a broken step never passes for a figure. */
export async function graphql<T = any>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  cookie?: string,
): Promise<{ data: T; response: Response }> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as GraphQLResult<T>;
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return { data: body.data, response };
}

/** Signs in with email and password; returns the session cookie (`name=value`) to send with later requests. */
export async function signIn(graphqlUrl: string, email: string, password: string): Promise<string> {
  const { response } = await graphql(
    graphqlUrl,
    'mutation BenchLogin($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
    { email, password },
  );
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('The login set no session cookie.');
  return cookie;
}

export const BENCH_SUPERVISOR = {
  email: 'bench-supervisor@bench.sportello',
  name: 'Bench Supervisor',
  password: 'bench-supervisor-password',
};

/**
 * Makes sure the database has what the live measurements need: a supervisor the bench can sign in as (created,
 * or its password reset, on every run) and an active queue to open tickets in (the first one, or a new one).
 */
export async function ensureBenchSupervisorAndQueue(databaseUrl: string) {
  const { createPrismaClient, hashPassword } = await import('@sportello/db');
  const db = createPrismaClient(databaseUrl, { maxConnections: 1 });
  try {
    const passwordHash = await hashPassword(BENCH_SUPERVISOR.password);
    const user = await db.user.upsert({
      where: { email: BENCH_SUPERVISOR.email },
      create: { email: BENCH_SUPERVISOR.email, name: BENCH_SUPERVISOR.name, role: 'SUPERVISOR', passwordHash },
      update: { role: 'SUPERVISOR', passwordHash, active: true },
    });
    const queue =
      (await db.queue.findFirst({ where: { active: true }, orderBy: { position: 'asc' } })) ??
      (await db.queue.upsert({ where: { name: 'Bench' }, create: { name: 'Bench' }, update: { active: true } }));
    return { supervisor: { ...BENCH_SUPERVISOR, id: user.id }, queueId: queue.id };
  } finally {
    await db.$disconnect();
  }
}
