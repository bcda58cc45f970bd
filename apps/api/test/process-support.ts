import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './harness.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));

/** A free TCP port on loopback (closed again before it is handed out: the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown by a `waitFor` check to stop waiting at once (the thing waited for can no longer happen). */
export class StopWaiting extends Error {}

/** Polls `check` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 60_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export interface ApiProcessOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** Runs the automation worker (off unless asked: most process tests want no background writes). */
  automation?: boolean;
  /** The port to listen on (a free one by default; a restarted instance keeps its port). */
  port?: number;
  env?: Record<string, string>;
}

/**
 * `apps/api/src/main.ts` as its own process, as a deployment runs it (migrations at start, demo data off), on a
 * loopback port; resolves once /healthz answers.
 */
export async function startApiProcess(options: ApiProcessOptions) {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const scratchDir = await mkdtemp(join(tmpdir(), 'sportello-process-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '4',
    PORT: String(port),
    HOST: '127.0.0.1',
    SPORTELLO_DEMO_DATA: 'false',
    SPORTELLO_AUTOMATION: options.automation ? 'true' : 'false',
    SPORTELLO_RATE_LIMITS: 'off',
    SPORTELLO_MAIL_INBOUND: 'false',
    SPORTELLO_MAIL_OUTBOUND: 'false',
    ...options.env,
  };
  delete env.REDIS_URL;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  // A directory that does not exist: no dashboard build is served.
  env.SPORTELLO_DASHBOARD_DIR = join(scratchDir, 'no-dashboard');

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((value) => (exit = value));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const instance = {
    port,
    origin,
    url: `${origin}/graphql`,
    pid: child.pid!,
    output: () => output,
    /** How the process ended, null while it runs. */
    exit: () => exit,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (exit) return exit;
      child.kill(signal);
      return exited;
    },
    async stop() {
      if (!exit) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      await rm(scratchDir, { recursive: true, force: true });
    },
    async graphql<T = any>(
      query: string,
      variables: Record<string, unknown> = {},
      /** An API token, or a session cookie. */
      auth?: string | { cookie: string },
      timeoutMs = 30_000,
    ): Promise<GraphQLResponse<T>> {
      const credentials: Record<string, string> =
        typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth ? { cookie: auth.cookie } : {};
      const response = await fetch(instance.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...credentials },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: Omit<GraphQLResponse<T>, 'status' | 'headers'>;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
      }
      return { ...body, status: response.status, headers: response.headers };
    },
    wsClient(token: string, options: Partial<ClientOptions> = {}): Client {
      return createClient({
        url: instance.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        ...options,
      });
    },
  };

  await waitFor(
    `the API on port ${port} to answer /healthz`,
    async () => {
      if (exit) throw new StopWaiting(`the API exited (${JSON.stringify(exit)}) before answering:\n${output}`);
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      return response?.ok ?? false;
    },
    120_000,
    200,
  ).catch(async (error: Error) => {
    await instance.stop();
    throw new Error(`${error.message}\n${output}`);
  });
  return instance;
}

export type ApiProcess = Awaited<ReturnType<typeof startApiProcess>>;
