import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A free TCP port on loopback (the OS picks it; the listener closes at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not answer ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The Sportello API as a separate process (apps/api src/main.ts) on the bench database: no demo data, no
 * automation worker (the generated data set already holds its SLA outcomes), no rate limits.
 */
export async function startApi(databaseUrl: string, log: (message: string) => void): Promise<ApiServer> {
  const port = await freePort();
  const apiDir = join(repoRoot, 'apps/api');
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SPORTELLO_DEMO_DATA: 'false',
      SPORTELLO_AUTOMATION: 'false',
      SPORTELLO_RATE_LIMITS: 'off',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/healthz`, child, 120_000, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  log(`Sportello API (pid ${child.pid}) on ${url}`);
  return {
    url: `${url}/graphql`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * What the peer may see: three views in a schema of their own, with smart tags giving them keys and relations, so
 * that PostGraphile serves exactly the list (ticket, its queue's name, its claimer's name, its stored SLA state).
 */
export const PEER_SCHEMA = 'bench_peer';

/** The SLA state kept on the ticket (see the metrics_outcomes migration), as the floor and the peer read it. */
export const STORED_SLA_STATE = `CASE WHEN t."slaBreachedAt" IS NOT NULL THEN 'BREACHED'
  WHEN t."slaTrackedAt" IS NULL THEN NULL
  WHEN t."closedAt" IS NOT NULL THEN 'MET' ELSE 'RUNNING' END`;

export async function preparePeerSchema(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${PEER_SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${PEER_SCHEMA}`);
    await client.query(`CREATE VIEW ${PEER_SCHEMA}.queue AS SELECT "id", "name" FROM public."Queue"`);
    await client.query(`CREATE VIEW ${PEER_SCHEMA}.operator AS SELECT "id", "name" FROM public."User"`);
    await client.query(`
      CREATE VIEW ${PEER_SCHEMA}.ticket AS
      SELECT t."id", t."number", t."subject", t."status"::text AS "status", t."requestedPriority",
             t."assessedPriority", t."createdAt", t."updatedAt", t."closedAt", t."queueId", t."claimedById",
             ${STORED_SLA_STATE} AS "slaState", t."slaBreachedAt"
      FROM public."Ticket" t`);
    await client.query(`COMMENT ON VIEW ${PEER_SCHEMA}.queue IS '@primaryKey id'`);
    await client.query(`COMMENT ON VIEW ${PEER_SCHEMA}.operator IS '@primaryKey id'`);
    await client.query(
      `COMMENT ON VIEW ${PEER_SCHEMA}.ticket IS E'@primaryKey id\\n@foreignKey ("queueId") references ${PEER_SCHEMA}.queue (id)\\n@foreignKey ("claimedById") references ${PEER_SCHEMA}.operator (id)'`,
    );
    await client.query(`COMMENT ON COLUMN ${PEER_SCHEMA}.ticket."createdAt" IS '@behavior +orderBy'`);
    await client.query(`COMMENT ON COLUMN ${PEER_SCHEMA}.ticket."updatedAt" IS '@behavior +orderBy'`);
    await client.query(`COMMENT ON COLUMN ${PEER_SCHEMA}.ticket."closedAt" IS '@behavior +filterBy'`);
  } finally {
    await client.end();
  }
}

export interface PeerServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostGraphile 5 asks for Node 22, whose Promise.withResolvers it uses; this repository runs on Node 20, so the
 * standard method is supplied when missing (its whole behaviour, as specified).
 */
function supplyPromiseWithResolvers() {
  const promise = Promise as PromiseConstructor & { withResolvers?: unknown };
  if (typeof promise.withResolvers === 'function') return;
  promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const created = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
}

/** PostGraphile 5 (amber preset) served by grafserv on Node's http server, on loopback. */
export async function startPeer(databaseUrl: string, log: (message: string) => void): Promise<PeerServer> {
  supplyPromiseWithResolvers();
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const port = await freePort();
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: databaseUrl, schemas: [PEER_SCHEMA], poolConfig: { max: 20 } })],
    grafserv: { port, host: '127.0.0.1', graphiql: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server: Server = createServer();
  await serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  log(`PostGraphile peer on http://127.0.0.1:${port}/graphql`);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pgl.release();
    },
  };
}
