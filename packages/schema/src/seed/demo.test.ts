import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, verifyPassword, type Database } from '@sportello/db';
import { createTestDatabase, type TestDatabase } from '@sportello/db/testing';
import { ALL_CHANNELS, ALL_STATUSES, DEMO_QUEUE_NAMES, demoProblems, EDGES } from './demo-checks.ts';
import { DatabaseNotEmptyError, formatDemoLogins, isDatabaseEmpty, seedDemoData, type DemoLogin } from './demo.ts';

let database: TestDatabase;
let db: Database;
// A fixed moment (a Monday at 10:15 in Lecco), so that a failure can be reproduced.
const now = new Date('2026-11-23T09:15:00Z');
let emptyBefore: boolean;
let logins: DemoLogin[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url, { maxConnections: database.embedded ? 1 : 10 });
  emptyBefore = await isDatabaseEmpty(db);
  logins = await seedDemoData(db, now);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('seedDemoData on an empty database', () => {
  it('starts from an empty database and leaves a non-empty one', async () => {
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(db)).toBe(false);
  });

  it('creates the four queues, in order', async () => {
    const queues = await db.queue.findMany({ orderBy: { position: 'asc' }, include: { categories: true } });
    expect(queues.map((queue) => [queue.position, queue.name])).toEqual(
      DEMO_QUEUE_NAMES.map((name, index) => [index, name]),
    );
    for (const queue of queues) {
      expect(queue.categories.length).toBeGreaterThanOrEqual(3);
      expect(queue.categories.length).toBeLessThanOrEqual(5);
    }
  });

  it('creates at least 45 tickets in every status and from every channel', async () => {
    const tickets = await db.ticket.findMany();
    expect(tickets.length).toBeGreaterThanOrEqual(45);
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(ALL_STATUSES));
    expect(new Set(tickets.map((ticket) => ticket.channel))).toEqual(new Set(ALL_CHANNELS));
  });

  it('numbers the tickets 1..N, oldest first', async () => {
    const tickets = await db.ticket.findMany({ orderBy: { number: 'asc' } });
    expect(tickets.map((ticket) => ticket.number)).toEqual(tickets.map((_, index) => index + 1));
    for (let index = 1; index < tickets.length; index += 1) {
      expect(tickets[index]!.createdAt.getTime()).toBeGreaterThan(tickets[index - 1]!.createdAt.getTime());
    }
  });

  it('gives every ticket a status history that follows the lifecycle and ends at its status', async () => {
    const tickets = await db.ticket.findMany({
      include: { events: { where: { type: 'STATUS_CHANGED' }, orderBy: { createdAt: 'asc' } } },
    });
    for (const ticket of tickets) {
      let status = 'NEW';
      for (const event of ticket.events) {
        expect(event.field).toBe('status');
        expect(event.fromValue, `HT${ticket.number}`).toBe(status);
        expect(EDGES[status], `HT${ticket.number}: ${status} → ${event.toValue}`).toContain(event.toValue);
        status = event.toValue!;
      }
      expect(status, `HT${ticket.number}`).toBe(ticket.status);
    }
  });

  it('dates no event before its ticket was created, nor after now', async () => {
    const events = await db.ticketEvent.findMany({
      include: { ticket: { select: { createdAt: true, number: true } } },
    });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.createdAt.getTime(), `HT${event.ticket.number} ${event.type}`).toBeGreaterThanOrEqual(
        event.ticket.createdAt.getTime(),
      );
      expect(event.createdAt.getTime(), `HT${event.ticket.number} ${event.type}`).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('gives every cancelled ticket a note with the reason', async () => {
    const cancelled = await db.ticket.findMany({
      where: { status: 'CANCELLED' },
      include: {
        notes: true,
        events: { where: { type: 'STATUS_CHANGED', toValue: 'CANCELLED' }, orderBy: { createdAt: 'desc' }, take: 1 },
      },
    });
    expect(cancelled.length).toBeGreaterThan(0);
    for (const ticket of cancelled) {
      const cancelledAt = ticket.events[0]!.createdAt;
      expect(ticket.closedAt).toEqual(cancelledAt);
      expect(
        ticket.notes.some((note) => note.createdAt >= cancelledAt && note.body.trim().length >= 5),
        `HT${ticket.number}`,
      ).toBe(true);
    }
  });

  it('gives every done ticket a solution', async () => {
    const done = await db.ticket.findMany({ where: { status: 'DONE' } });
    expect(done.length).toBeGreaterThan(0);
    for (const ticket of done) {
      expect(ticket.solution?.trim().length ?? 0, `HT${ticket.number}`).toBeGreaterThanOrEqual(10);
      expect(ticket.resolvedAt).not.toBeNull();
      expect(ticket.closedAt).not.toBeNull();
    }
  });

  it('passes every consistency check of the demo data', async () => {
    const data = {
      users: await db.user.findMany(),
      customers: await db.customer.findMany(),
      contacts: await db.contact.findMany(),
      queues: await db.queue.findMany(),
      categories: await db.category.findMany(),
      tickets: await db.ticket.findMany(),
      events: await db.ticketEvent.findMany(),
      notes: await db.note.findMany(),
      reminders: await db.reminder.findMany(),
      calls: await db.call.findMany(),
    };
    expect(demoProblems(data, now)).toEqual([]);
  });

  it('returns logins that sign in', async () => {
    expect(new Set(logins.map((login) => login.role))).toEqual(
      new Set(['OPERATOR', 'SUPERVISOR', 'ADMIN', 'CUSTOMER']),
    );
    for (const login of logins) {
      const user = await db.user.findUniqueOrThrow({ where: { email: login.email } });
      expect(user.role).toBe(login.role);
      expect(user.active).toBe(true);
      expect(await verifyPassword(user.passwordHash!, login.password), login.email).toBe(true);
      expect(await verifyPassword(user.passwordHash!, `${login.password}x`)).toBe(false);
    }
    expect(formatDemoLogins(logins)).toContain(logins[0]!.email);
  });

  it('refuses to seed a second time, and changes nothing', async () => {
    const before = await db.ticket.count();
    await expect(seedDemoData(db, now)).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    expect(await db.ticket.count()).toBe(before);
    expect(await db.user.count()).toBe(logins.length);
  });

  it('leaves the ticket number sequence after the last demo ticket', async () => {
    const count = await db.ticket.count();
    const template = await db.ticket.findFirstOrThrow({ where: { number: 1 } });
    const created = await db.ticket.create({
      data: {
        queueId: template.queueId,
        channel: 'EMAIL',
        placeAndWhat: 'Prova',
        subject: 'Prova',
        description: 'Prova',
      },
    });
    expect(created.number).toBe(count + 1);
    await db.ticket.delete({ where: { id: created.id } });
  });
});
