import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

/**
 * A Prisma client on the `pg` driver adapter (no native query engine). The embedded database runs one query at
 * a time, so its clients keep a single connection; a real PostgreSQL gets a pool.
 */
export function createPrismaClient(connectionString: string, options: { maxConnections?: number } = {}) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: options.maxConnections ?? 10 }),
  });
}

export type Database = ReturnType<typeof createPrismaClient>;
