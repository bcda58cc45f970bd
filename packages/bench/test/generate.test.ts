import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalSlaHistory, createTestDatabase, rebuildSlaHistories, type TestDatabase } from '@sportello/db/testing';
import { prepareBenchDatabase } from '../src/database.ts';
import { generate } from '../src/generate.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

// The bench loads its data with COPY and the triggers off, so it writes their columns itself.
it.skipIf(!process.env.TEST_DATABASE_URL)(
  'writes each ticket the SLA history its triggers would have (COPY needs a PostgreSQL server: TEST_DATABASE_URL)',
  async () => {
    await prepareBenchDatabase(database.url, () => {});
    const { rows } = await generate(database.url, 400, () => {});
    expect(rows).toMatchObject({ Ticket: 400 });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const histories = async () =>
        (
          await client.query<{ id: string; slaHistory: unknown }>(
            `SELECT "id", "slaHistory" FROM "Ticket" ORDER BY "id"`,
          )
        ).rows.map((ticket) => ({ id: ticket.id, history: canonicalSlaHistory(ticket.slaHistory) }));
      const generated = await histories();
      const kinds = new Set(
        generated.flatMap((ticket) => ticket.history.map((entry) => entry.note ?? (entry.id && 'event'))),
      );
      expect(kinds).toEqual(new Set(['event', 'agent']));
      await client.query(`UPDATE "Ticket" SET "slaHistory" = '[]'`);
      await client.query(await rebuildSlaHistories());
      expect(await histories()).toEqual(generated);
    } finally {
      await client.end();
    }
  },
);
