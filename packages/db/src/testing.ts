import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { migrationsDir } from './paths.ts';

export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named by
 * TEST_DATABASE_URL when it is set, otherwise an in-memory embedded PostgreSQL. Either way tests run on PostgreSQL.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase();
    await applyMigrations(embedded.url);
    return { url: embedded.url, embedded: true, drop: () => embedded.stop() };
  }
  const name = `sportello_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    embedded: false,
    async drop() {
      const client = new pg.Client(serverUrl);
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The statement that follows the comment line `heading` in a migration (up to its closing semicolon): a migration's
 * backfill, run again by a test to compare it with what the triggers wrote.
 */
export async function migrationStatement(migration: string, heading: string): Promise<string> {
  const script = await readFile(join(migrationsDir, migration, 'migration.sql'), 'utf8');
  const after = script.split(`-- ${heading}\n`)[1];
  if (after === undefined) throw new Error(`no '-- ${heading}' in the migration ${migration}`);
  return after.slice(0, after.indexOf(';'));
}

/** The SLA history's backfill (see the migration 'sla_history'): rebuilds every ticket's from its timeline and notes. */
export const rebuildSlaHistories = () =>
  migrationStatement('20261124051539_sla_history', 'Tickets recorded before this migration.');

/**
 * A ticket's SLA history in one order: writers racing append in the order they commit, a rebuild in the order of
 * the entries' instants, and readers sort anyway (loadedTicketOf).
 */
export function canonicalSlaHistory(history: unknown) {
  return (history as Array<{ at: number; id?: string; note?: string }>)
    .map((entry) => ({ entry, key: `${entry.at} ${entry.id ?? ''} ${entry.note ?? ''}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ entry }) => entry);
}
