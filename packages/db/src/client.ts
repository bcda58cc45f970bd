import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

/**
 * A Prisma client on the `pg` driver adapter (no native query engine). The embedded database runs one query at
 * a time, so its clients keep a single connection; a real PostgreSQL gets a pool.
 */
export function createPrismaClient(connectionString: string, options: { maxConnections?: number } = {}) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: options.maxConnections ?? 10 }),
    // Under a burst, transactions queue for a connection (the embedded database has one): Prisma's default of two
    // seconds to start one would turn a busy moment into failed writes.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
}

export type Database = ReturnType<typeof createPrismaClient>;
