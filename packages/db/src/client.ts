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

/** Driver errors of a database that is away (stopped, restarting, unreachable), as the pg adapter reports them. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, and the connection exceptions (class 08). */
const UNAVAILABLE_POSTGRES_CODES = /^(57P0[1-3]|08\w{3})$/;
/** Prisma's own codes for a server it cannot reach, that timed out, or closed the connection. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * Whether `error` (or what it wraps) says the database is unavailable right now, rather than that the query was
 * wrong: the API answers such requests with a typed, retryable error, and the pool reconnects by itself.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } };
    cause?: unknown;
    originalError?: unknown;
  };
  if (typeof candidate.code === 'string' && UNAVAILABLE_PRISMA_CODES.has(candidate.code)) return true;
  const cause = candidate.meta?.driverAdapterError?.cause;
  if (cause?.kind && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  if (cause && UNAVAILABLE_POSTGRES_CODES.test(cause.originalCode ?? cause.code ?? '')) return true;
  // pg's own errors (a connection the server ended, before the adapter could wrap it).
  if (typeof candidate.code === 'string' && /^(ECONNREFUSED|ECONNRESET|57P0[1-3]|08\w{3})$/.test(candidate.code))
    return true;
  // pg's errors without a code, which the adapter passes on unwrapped: the connection ended, or a statement was sent
  // on a connection that had already failed (the rest of a transaction whose connection was lost).
  if (
    typeof candidate.message === 'string' &&
    /^(Connection terminated( unexpectedly|due to connection timeout)|Client has encountered a connection error and is not queryable)/.test(
      candidate.message,
    )
  )
    return true;
  return isDatabaseUnavailable(candidate.cause, depth + 1) || isDatabaseUnavailable(candidate.originalError, depth + 1);
}
