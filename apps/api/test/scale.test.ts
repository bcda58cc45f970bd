/**
 * Horizontal scale: three API processes on one PostgreSQL and one Redis, as docs/deployment.md describes.
 * Events committed through any instance reach the subscribers of every instance, each once; the automation work
 * (SLA breaches and escalations, auto-close warnings and closures) that all three workers race for is done once; a
 * file uploaded through one instance is served by every instance.
 *
 * Needs a real PostgreSQL server (TEST_DATABASE_URL: the embedded database serves one connection at a time, not
 * three processes) and Redis (TEST_REDIS_URL).
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, hashPassword, type Database } from '@sportello/db';
import { createTestDatabase, type TestDatabase } from '@sportello/db/testing';
import { CREATE_TICKET, graphqlWithFilesAt, ticketInput } from './harness.ts';
import { sleep, startApiProcess, waitFor, type ApiProcess } from './process-support.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const realPostgres = Boolean(process.env.TEST_DATABASE_URL);

const INSTANCES = 3;
const DAY = 86_400_000;

/** Everything a subscription delivered, until it is stopped. */
function record<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: T[] = [];
  const errors: unknown[] = [];
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => (result.errors ? errors.push(result.errors) : received.push(result.data as T)),
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { received, errors, unsubscribe };
}

describe.skipIf(!redisUrl || !realPostgres)('several API instances on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let db: Database;
  let instances: ApiProcess[] = [];
  const clients: Client[] = [];
  let operator: { id: string; token: string };
  let supervisorToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url, { maxConnections: 4 });
    process.env.DATABASE_URL = database.url;
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    const user = (role: 'OPERATOR' | 'SUPERVISOR', email: string) =>
      hashPassword('x'.repeat(12)).then((passwordHash) =>
        db.user.create({ data: { email, name: `Scale ${role}`, role, passwordHash } }),
      );
    const operatorUser = await user('OPERATOR', 'scale-operator@test.sportello');
    const supervisor = await user('SUPERVISOR', 'scale-supervisor@test.sportello');
    operator = {
      id: operatorUser.id,
      token: (await issueApiToken(operatorUser.id, { name: 'scale', scope: 'READ_WRITE' })).token,
    };
    supervisorToken = (await issueApiToken(supervisor.id, { name: 'scale', scope: 'READ' })).token;
    // Started one after the other: all three apply the (already applied) migrations under the advisory lock.
    instances = await Promise.all(
      Array.from({ length: INSTANCES }, () =>
        startApiProcess({ databaseUrl: database.url, redisUrl, automation: true }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all(instances.map((instance) => instance.stop()));
    await db?.$disconnect();
    await database?.drop();
  });

  /** A subscriber on every instance, connected before anything happens. */
  async function subscribeEverywhere<T>(token: string, query: string) {
    const subscriptions = instances.map((instance) => {
      const client = instance.wsClient(token);
      clients.push(client);
      return record<T>(client, query);
    });
    // graphql-ws opens the socket and subscribes asynchronously: wait until each instance reports its subscriber.
    await waitFor('the subscribers to connect', async () => {
      const probe = await instances[0]!.graphql(CREATE_TICKET, { input: probeInput() }, operator.token);
      if (probe.errors) throw new Error(JSON.stringify(probe.errors));
      await sleep(300);
      return subscriptions.every((subscription) => subscription.received.length > 0);
    });
    return subscriptions;
  }

  let queueId: string;
  const probeInput = () => ticketInput(queueId, { subject: 'Sonda' });

  it('delivers every change, committed through any instance, to the subscribers of every instance, once', async () => {
    queueId = (await db.queue.create({ data: { name: 'SCALA' } })).id;
    const subscriptions = await subscribeEverywhere<{
      ticketEvents: { id: string; type: string; ticket: { code: string } };
    }>(operator.token, `subscription { ticketEvents { id type ticket { code } } }`);

    // Writes through every instance, interleaved.
    const codes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const created = await Promise.all(
        instances.map((instance, index) =>
          instance.graphql(
            CREATE_TICKET,
            { input: ticketInput(queueId, { subject: `Ticket ${round}-${index}` }) },
            operator.token,
          ),
        ),
      );
      for (const result of created) {
        expect(result.errors).toBeUndefined();
        codes.push(result.data.createTicket.code);
      }
    }

    await waitFor(
      'every subscriber to receive every ticket',
      () =>
        subscriptions.every((subscription) => {
          const seen = subscription.received.map((event) => event.ticketEvents.ticket.code);
          return codes.every((code) => seen.includes(code));
        }),
      60_000,
    );
    await sleep(1_000); // anything duplicated would arrive now
    subscriptions.forEach((subscription, index) => {
      expect(subscription.errors, `instance ${index}`).toEqual([]);
      // (The probes that proved the subscribers connected are the other CREATED events.)
      const created = subscription.received
        .filter((event) => event.ticketEvents.type === 'CREATED' && codes.includes(event.ticketEvents.ticket.code))
        .map((event) => event.ticketEvents.ticket.code);
      expect(created.sort(), `instance ${index}`).toEqual([...codes].sort());
      const ids = subscription.received.map((event) => event.ticketEvents.id);
      expect(new Set(ids).size, `instance ${index} got an event twice`).toBe(ids.length);
    });
  });

  it('runs each piece of automation exactly once while every instance’s worker races for it', async () => {
    const now = Date.now();
    const slaQueue = await db.queue.create({ data: { name: 'SCALA-SLA' } });
    const waitingQueue = await db.queue.create({ data: { name: 'SCALA-ATTESA', autoCloseDays: 3 } });
    // 24/7, first response within a minute, escalations notify the supervisors and raise the priority.
    await db.slaPolicy.create({
      data: {
        name: 'Scala 24/7',
        position: -1000,
        queueId: slaQueue.id,
        firstResponseSeconds: 60,
        calendar: { alwaysOpen: true },
        notifyOnBreach: true,
        raisePriorityOnBreach: true,
      },
    });
    const alerts = instances.map((instance) => {
      const client = instance.wsClient(supervisorToken);
      clients.push(client);
      return record<{ slaAlerts: { id: string; type: string; ticket: { id: string } } }>(
        client,
        `subscription($queueId: ID) { slaAlerts(queueId: $queueId) { id type ticket { id } } }`,
      );
    });
    // Probes: breaching tickets, one every few seconds, until every instance's supervisor heard of one — then the
    // alert subscriptions are surely registered.
    await waitFor(
      'the alert subscriptions to be ready',
      async () => {
        const createdAt = new Date(Date.now() - 3_600_000);
        const probe = await db.ticket.create({
          data: {
            queueId: slaQueue.id,
            channel: 'PHONE',
            subject: 'Sonda SLA',
            placeAndWhat: '-',
            description: '-',
            createdAt,
          },
        });
        await db.ticketEvent.create({
          data: { ticketId: probe.id, type: 'CREATED', field: 'status', toValue: 'NEW', createdAt },
        });
        await db.ticketAutomation.create({ data: { ticketId: probe.id, dueAt: new Date(Date.now() - 1_000) } });
        await sleep(2_000);
        return alerts.every((alert) => alert.received.length > 0);
      },
      120_000,
      0,
    );

    const BREACHING = 12;
    const CLOSING = 8;
    const WARNED = 8;
    const base = {
      channel: 'PHONE' as const,
      placeAndWhat: 'Sede di Lecco',
      description: 'Il gestionale si chiude subito dopo il login.',
      requestedPriority: 1,
    };
    // All due at once, in one transaction, so that the three workers find them together.
    const { breaching, closing, warned } = await db.$transaction(async (tx) => {
      const ticket = async (queueId: string, subject: string, createdAt: Date) => {
        const created = await tx.ticket.create({ data: { ...base, queueId, subject, createdAt } });
        await tx.ticketEvent.create({
          data: { ticketId: created.id, type: 'CREATED', field: 'status', toValue: 'NEW', createdAt },
        });
        return created;
      };
      /** Staff asked the customer something `daysAgo` days ago (a PUBLIC note with the move to AWAITING_INPUT). */
      const waiting = async (subject: string, daysAgo: number) => {
        const at = new Date(now - daysAgo * DAY);
        const created = await ticket(waitingQueue.id, subject, new Date(at.getTime() - 60_000));
        await tx.note.create({
          data: {
            ticketId: created.id,
            authorId: operator.id,
            visibility: 'PUBLIC',
            body: 'Ci manda il log?',
            createdAt: at,
          },
        });
        await tx.ticket.update({
          where: { id: created.id },
          data: { status: 'AWAITING_INPUT', claimedById: operator.id, claimedAt: at, firstResponseAt: at },
        });
        await tx.ticketEvent.create({
          data: {
            ticketId: created.id,
            actorId: operator.id,
            type: 'CLAIMED',
            field: 'status',
            fromValue: 'NEW',
            toValue: 'AWAITING_INPUT',
            createdAt: at,
          },
        });
        return { ...created, waitingSince: at };
      };
      const breaching = [];
      for (let i = 0; i < BREACHING; i++)
        breaching.push(await ticket(slaQueue.id, `SLA ${i}`, new Date(now - 3_600_000)));
      const closing = [];
      for (let i = 0; i < CLOSING; i++) {
        const waited = await waiting(`Chiusura ${i}`, 10);
        // The customer was warned two days ago (as the worker would have done), so the closure is due now.
        await tx.ticketEvent.create({
          data: {
            ticketId: waited.id,
            type: 'AUTO_CLOSE_WARNING',
            internal: false,
            dedupeKey: `autoclose:${waited.id}:${waited.waitingSince.getTime()}:warning`,
            createdAt: new Date(now - 2 * DAY),
          },
        });
        closing.push(waited);
      }
      const warned = [];
      for (let i = 0; i < WARNED; i++) warned.push(await waiting(`Avviso ${i}`, 2.5));
      for (const { id } of [...breaching, ...closing, ...warned]) {
        await tx.ticketAutomation.create({ data: { ticketId: id, dueAt: new Date(now - 1_000) } });
      }
      return { breaching, closing, warned };
    });

    const count = (type: string, ids: string[]) =>
      db.ticketEvent.groupBy({ by: ['ticketId'], where: { type: type as never, ticketId: { in: ids } }, _count: true });
    const breachingIds = breaching.map((ticket) => ticket.id);
    const closingIds = closing.map((ticket) => ticket.id);
    const warnedIds = warned.map((ticket) => ticket.id);
    await waitFor(
      'the workers to do the due work',
      async () =>
        (await count('SLA_ESCALATED', breachingIds)).length === BREACHING &&
        (await count('AUTO_CLOSED', closingIds)).length === CLOSING &&
        (await count('AUTO_CLOSE_WARNING', warnedIds)).length === WARNED,
      90_000,
      500,
    );
    // Several more passes of every worker: nothing may be done a second time.
    await sleep(4_000);

    const perTicket = async (type: string, ids: string[], field?: string) => {
      const rows = await db.ticketEvent.groupBy({
        by: ['ticketId'],
        where: { type: type as never, ticketId: { in: ids }, ...(field ? { field } : {}) },
        _count: true,
      });
      return Object.fromEntries(ids.map((id) => [id, rows.find((row) => row.ticketId === id)?._count ?? 0]));
    };
    const once = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));
    expect(await perTicket('SLA_STARTED', breachingIds, 'firstResponse')).toEqual(once(breachingIds));
    expect(await perTicket('SLA_BREACHED', breachingIds, 'firstResponse')).toEqual(once(breachingIds));
    expect(await perTicket('SLA_ESCALATED', breachingIds)).toEqual(once(breachingIds));
    expect(await perTicket('AUTO_CLOSED', closingIds)).toEqual(once(closingIds));
    expect(await perTicket('AUTO_CLOSE_WARNING', closingIds)).toEqual(once(closingIds)); // the one planted
    expect(await perTicket('AUTO_CLOSE_WARNING', warnedIds)).toEqual(once(warnedIds));
    expect(await perTicket('AUTO_CLOSED', warnedIds)).toEqual(Object.fromEntries(warnedIds.map((id) => [id, 0])));

    // What the worker recorded names itself with its dedupe key; no key twice.
    const recorded = await db.ticketEvent.findMany({
      where: {
        ticketId: { in: [...breachingIds, ...closingIds, ...warnedIds] },
        type: { in: ['SLA_STARTED', 'SLA_BREACHED', 'SLA_ESCALATED', 'AUTO_CLOSED', 'AUTO_CLOSE_WARNING'] },
      },
      select: { dedupeKey: true },
    });
    expect(recorded.every((event) => event.dedupeKey)).toBe(true);
    expect(new Set(recorded.map((event) => event.dedupeKey)).size).toBe(recorded.length);

    // The side effects of each piece of work, once: one raise of the priority, one closing note, one version bump.
    const escalated = await db.ticket.findMany({ where: { id: { in: breachingIds } } });
    expect(escalated.map((ticket) => ticket.assessedPriority)).toEqual(breachingIds.map(() => 2));
    const closed = await db.ticket.findMany({ where: { id: { in: closingIds } }, include: { notes: true } });
    for (const ticket of closed) {
      expect(ticket.status).toBe('CANCELLED');
      expect(ticket.version).toBe(2);
      expect(ticket.notes.filter((note) => note.authorId === null)).toHaveLength(1);
    }

    // Every instance's supervisor heard of every escalation, once.
    await waitFor(
      'the escalation alerts on every instance',
      () =>
        alerts.every(
          (alert) =>
            alert.received.filter((event) => breachingIds.includes(event.slaAlerts.ticket.id)).length >= BREACHING,
        ),
      30_000,
    );
    await sleep(1_000);
    alerts.forEach((alert, index) => {
      expect(alert.errors, `instance ${index}`).toEqual([]);
      const tickets = alert.received
        .map((event) => event.slaAlerts.ticket.id)
        .filter((id) => breachingIds.includes(id))
        .sort();
      expect(tickets, `instance ${index}`).toEqual([...breachingIds].sort());
    });
    for (const instance of instances) expect(instance.exit()).toBeNull();
  });

  it('serves a file uploaded through one instance from every instance', async () => {
    const queue = await db.queue.create({ data: { name: 'SCALA-FILE' } });
    const created = await instances[0]!.graphql(CREATE_TICKET, { input: ticketInput(queue.id) }, operator.token);
    expect(created.errors).toBeUndefined();
    // Larger than a chunk of the file storage's reads.
    const bytes = Uint8Array.from(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(600_000)]));
    const uploaded = await graphqlWithFilesAt(
      instances[1]!.url,
      `mutation($input: AddNoteInput!) { addNote(input: $input) { attachments { url } } }`,
      { ticketId: created.data.createTicket.id, visibility: 'PUBLIC', body: 'Il preventivo firmato.' },
      [{ bytes, name: 'preventivo.pdf', type: 'application/pdf' }],
      { token: operator.token },
    );
    expect(uploaded.errors).toBeUndefined();
    const [{ url }] = uploaded.data.addNote.attachments;
    for (const instance of instances) {
      const response = await fetch(new URL(url, instance.origin), {
        headers: { authorization: `Bearer ${operator.token}` },
      });
      expect(response.status, instance.origin).toBe(200);
      expect(Buffer.compare(new Uint8Array(await response.arrayBuffer()), bytes), instance.origin).toBe(0);
    }
  });
});
