import { createPrismaClient } from '@sportello/db';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set: start the API through apps/api, which prepares the database.');

/** The one Prisma client of this process. The embedded database serves one connection at a time. */
export const db = createPrismaClient(url, { maxConnections: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
