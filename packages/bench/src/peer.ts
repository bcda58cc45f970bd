import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { freePort } from './api-process.ts';

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
