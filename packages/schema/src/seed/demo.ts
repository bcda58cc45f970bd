/**
 * The demo data set, loaded on the first start of an empty database so that a newcomer finds a living help
 * desk: four queues, a team, eight customers and a month of tickets in every status, with their timelines,
 * notes, reminders and phone calls (two calls under way and one ringing, for the wallboard).
 *
 * The content lives in demo-data.ts (readable stories), the timestamps and ids are computed by plan.ts
 * relative to `now`; this module writes the plan in one transaction.
 */
import { createPrismaClient, hashPassword, type Database, type Prisma } from '@sportello/db';
import { buildDemoPlan, type DemoLogin } from './plan.ts';

export type { DemoLogin } from './plan.ts';
export { DEMO_PASSWORD } from './demo-data.ts';

export class DatabaseNotEmptyError extends Error {
  constructor(what: string) {
    super(`The demo data is only loaded into an empty database, and this one already has ${what}.`);
    this.name = 'DatabaseNotEmptyError';
  }
}

type Client = Database | Prisma.TransactionClient;

/** True when nobody can sign in yet: the database has no users at all (the state right after the first migration). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/** What the database already holds that the demo data would collide with, or null when there is nothing. */
async function existingData(db: Client): Promise<string | null> {
  // One after the other: inside a transaction the queries share one connection anyway.
  const users = await db.user.count();
  const queues = await db.queue.count();
  const customers = await db.customer.count();
  const tickets = await db.ticket.count();
  const found = [
    [users, 'user'],
    [queues, 'queue'],
    [customers, 'customer'],
    [tickets, 'ticket'],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, noun]) => `${count} ${noun}${count === 1 ? '' : 's'}`);
  return found.length > 0 ? found.join(', ') : null;
}

/** Any constant: serialises concurrent seeds (two API instances starting together on the same database). */
const SEED_LOCK = 7_305_211;

/**
 * Loads the demo data into an empty database and returns the accounts to sign in with. All or nothing:
 * everything is written in one transaction, which refuses (DatabaseNotEmptyError) when the database already
 * has users, queues, customers or tickets. `now` is the moment the data is relative to.
 */
export async function seedDemoData(db: Database, now: Date = new Date()): Promise<DemoLogin[]> {
  const plan = buildDemoPlan(now);
  // Hashing is slow on purpose: do it before the transaction opens. Each account gets its own salt.
  const hashes = await Promise.all(
    plan.users.map((user) => hashPassword(plan.logins.find((l) => l.email === user.email)!.password)),
  );

  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const existing = await existingData(tx);
      if (existing) throw new DatabaseNotEmptyError(existing);

      await tx.user.createMany({ data: plan.users.map((user, index) => ({ ...user, passwordHash: hashes[index]! })) });
      await tx.customer.createMany({ data: plan.customers });
      await tx.contact.createMany({ data: plan.contacts });
      await tx.queue.createMany({ data: plan.queues });
      await tx.category.createMany({ data: plan.categories });
      // Ticket numbers are given explicitly (1..N, oldest first) so they never depend on the sequence's state,
      // then the sequence is moved past them so that the next ticket gets N + 1.
      await tx.ticket.createMany({ data: plan.tickets });
      await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('"Ticket"', 'number'), ${plan.tickets.length})`;
      await tx.note.createMany({ data: plan.notes });
      await tx.ticketEvent.createMany({ data: plan.events });
      await tx.reminder.createMany({ data: plan.reminders });
      await tx.call.createMany({ data: plan.calls });
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  return plan.logins;
}

const ROLE_LABELS: Record<DemoLogin['role'], string> = {
  ADMIN: 'admin',
  SUPERVISOR: 'supervisor',
  OPERATOR: 'operator',
  CUSTOMER: 'customer (portal)',
};

/** The demo accounts as a small text table, for the console. */
export function formatDemoLogins(logins: DemoLogin[]): string {
  const rows = logins.map((login) => [ROLE_LABELS[login.role], login.name, login.email, login.password]);
  const header = ['role', 'name', 'email', 'password'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * What the API does at start: loads the demo help desk into the database at `url` if it is empty (no users), and
 * returns the logins to print; null when the database already had data.
 */
export async function loadDemoDataIfEmpty(url: string): Promise<DemoLogin[] | null> {
  const db = createPrismaClient(url, { maxConnections: 1 });
  try {
    return (await isDatabaseEmpty(db)) ? await seedDemoData(db) : null;
  } finally {
    await db.$disconnect();
  }
}
