import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, isDatabaseUnavailable } from '../src/client.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** The error `run` rejects with (the test fails if it resolves). */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('isDatabaseUnavailable', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('recognises a server that cannot be reached, whatever the kind of query', async () => {
    const db = createPrismaClient(`postgresql://postgres@127.0.0.1:${await closedPort()}/test`);
    try {
      const failures = [
        await failureOf(() => db.user.findFirst()),
        await failureOf(() => db.$queryRaw`SELECT 1`),
        await failureOf(() => db.$transaction((tx) => tx.$executeRaw`SELECT 1`)),
      ];
      for (const failure of failures) expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  it('recognises a connection lost in the middle of a transaction, and the statements sent on it afterwards', async (context) => {
    // The embedded database serves one connection that cannot be ended from SQL.
    if (database.embedded) context.skip();
    const db = createPrismaClient(database.url);
    try {
      const failures: unknown[] = [];
      const outcome = await failureOf(() =>
        db.$transaction(async (tx) => {
          failures.push(await failureOf(() => tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`));
          // pg's "Client has encountered a connection error and is not queryable", which the adapter passes on as is.
          failures.push(await failureOf(() => tx.$queryRaw`SELECT 1`));
          failures.push(await failureOf(() => tx.user.findFirst()));
        }),
      );
      for (const failure of [...failures, outcome]) expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
      // The pool drops the broken connection and opens a new one.
      expect(await db.$queryRaw`SELECT 1 AS "one"`).toEqual([{ one: 1 }]);
    } finally {
      await db.$disconnect();
    }
  });

  it('does not mistake a wrong query for an unavailable database', async () => {
    const db = createPrismaClient(database.url);
    try {
      const failures = [
        await failureOf(() => db.$queryRawUnsafe('SELECT FROM "NoSuchTable"')),
        await failureOf(() => db.$executeRaw`SELECT 1 / 0`),
        await failureOf(() => db.$queryRaw`SELECT 'not a uuid'::uuid`),
        await failureOf(() => db.user.create({ data: {} as never })),
      ];
      for (const failure of failures) expect(isDatabaseUnavailable(failure), String(failure)).toBe(false);
    } finally {
      await db.$disconnect();
    }
  });
});
