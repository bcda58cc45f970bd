import pg from 'pg';
import { applyMigrations } from '@sportello/db';

/** The bench's own bookkeeping lives in a schema of its own, out of Prisma's way. */
export const BENCH_SCHEMA = 'bench';

/** Creates the bench database on the server when missing (connecting to its `postgres` database to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function prepareBenchDatabase(databaseUrl: string, log: (message: string) => void) {
  await ensureDatabase(databaseUrl);
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${BENCH_SCHEMA}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${BENCH_SCHEMA}.dataset (
        tickets integer NOT NULL,
        generated_at timestamptz NOT NULL,
        data_now_ms bigint NOT NULL,
        seconds double precision NOT NULL,
        rows jsonb NOT NULL
      )`);
  } finally {
    await client.end();
  }
}

export interface Dataset {
  tickets: number;
  /** The instant the data set was generated "as of": windows of the metrics are taken relative to it. */
  dataNow: Date;
  seconds: number;
  rows: Record<string, number>;
}

export async function readDataset(client: pg.ClientBase): Promise<Dataset | null> {
  const { rows } = await client.query<{ tickets: number; now: string; seconds: number; rows: Record<string, number> }>(
    `SELECT tickets, data_now_ms::text AS now, seconds, rows FROM ${BENCH_SCHEMA}.dataset LIMIT 1`,
  );
  const row = rows[0];
  return row
    ? { tickets: row.tickets, dataNow: new Date(Number(row.now)), seconds: row.seconds, rows: row.rows }
    : null;
}
