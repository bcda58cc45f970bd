import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@sportello/db';
import {
  CLAIM_TICKET,
  collect,
  CREATE_TICKET,
  PNG,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type TestApi,
} from './harness.ts';

let api: TestApi;
let engine: typeof import('@sportello/schema/domain/automation/engine');
let jobs: typeof import('../src/jobs/automation.ts');
/** The API's own client: on the embedded database (one session) every worker must go through it. */
let apiDb: Database;
let admin: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let operator: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let customerUser: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let customerId: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-02T08:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  api = await startTestApi();
  engine = await import('@sportello/schema/domain/automation/engine');
  jobs = await import('../src/jobs/automation.ts');
  apiDb = (await import('@sportello/schema/db')).db;
  admin = await api.fixtures.user('ADMIN');
  operator = await api.fixtures.user('OPERATOR');
  const customer = await api.fixtures.customer();
  customerId = customer.id;
  customerUser = await api.fixtures.user('CUSTOMER', { customerId });
});
afterAll(async () => {
  await api?.stop();
});

/** The customer's ticket as the API would have stored it at `createdAt`, scheduled for the worker. */
const storedTicket = (queueId: string, createdAt: Date) =>
  api.fixtures.storedTicket(queueId, createdAt, { customerId, requestedPriority: 1 });

/** Staff move the ticket to `to` with a PUBLIC note at `at` (as transitionTicket records it). */
async function movedWithPublicNote(ticketId: string, from: string, to: string, at: Date) {
  const note = await api.db.note.create({
    data: { ticketId, authorId: operator.id, visibility: 'PUBLIC', body: 'Ci mandi il file di log', createdAt: at },
  });
  await api.db.ticket.update({ where: { id: ticketId }, data: { status: to as never, firstResponseAt: at } });
  await api.db.ticketEvent.create({
    data: {
      ticketId,
      actorId: operator.id,
      type: 'STATUS_CHANGED',
      field: 'status',
      fromValue: from,
      toValue: to,
      data: { noteId: note.id, noteVisibility: 'PUBLIC' },
      createdAt: at,
    },
  });
  await api.db.ticketAutomation.update({ where: { ticketId }, data: { dueAt: at } });
}

const eventsOf = (ticketId: string, type?: string) =>
  api.db.ticketEvent.findMany({
    where: { ticketId, ...(type ? { type: type as never } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

describe('scheduling', () => {
  it('is asked to look again at every changed ticket, and the outbox writer at those that mail, with the change', async () => {
    const queue = await api.fixtures.queue();
    const as = (query: string, variables: Record<string, unknown>) =>
      api.graphql(query, variables, { token: operator.token });
    const created = await as(CREATE_TICKET, { input: ticketInput(queue.id, { customerId, channel: 'EMAIL' }) });
    expect(created.errors).toBeUndefined();
    const ticketId: string = created.data.createTicket.id;
    const scheduledAt = async () => (await api.db.ticketAutomation.findUniqueOrThrow({ where: { ticketId } })).dueAt;
    const lastChange = async () =>
      (await api.db.ticketEvent.findFirstOrThrow({ where: { ticketId }, orderBy: { createdAt: 'desc' } })).createdAt;
    const marked = async () =>
      (await api.db.pendingMailEvent.findMany({ where: { event: { ticketId } }, include: { event: true } }))
        .map((pending) => pending.event.type + (pending.event.toValue === 'DONE' ? ' DONE' : ''))
        .sort();
    expect(await scheduledAt()).toEqual(await lastChange());
    expect(await marked()).toEqual(['CREATED']);

    // Each later change brings a visit planned far off forward to itself; only the resolution mails.
    const farOff = new Date(Date.now() + 365 * DAY);
    let version: number = created.data.createTicket.version;
    for (const change of [
      () => as(CLAIM_TICKET, { id: ticketId, version }),
      () => as(TRANSITION_TICKET, { id: ticketId, input: { to: 'IN_PROGRESS', version } }),
      () => as(TRANSITION_TICKET, { id: ticketId, input: { to: 'DONE', version, solution: 'Toner sostituito.' } }),
    ]) {
      await api.db.ticketAutomation.update({ where: { ticketId }, data: { dueAt: farOff } });
      const result = await change();
      expect(result.errors).toBeUndefined();
      version = (Object.values(result.data)[0] as { version: number }).version;
      expect(await scheduledAt()).toEqual(await lastChange());
    }
    expect(await marked()).toEqual(['CREATED', 'STATUS_CHANGED DONE']);
  });
});

describe('SLA breaches', () => {
  it('records a breach once and escalates once, with three workers racing', async () => {
    const queue = await api.fixtures.queueWithPolicy();
    const ticket = await storedTicket(queue.id, T0);
    const supervisor = await api.fixtures.user('SUPERVISOR');
    const alerts = collect<{ slaAlerts: { type: string; ticket: { id: string } } }>(
      api.wsClient({ token: supervisor.token }),
      `subscription ($queueId: ID) { slaAlerts(queueId: $queueId) { type field ticket { id } } }`,
      { queueId: queue.id },
      2,
      8_000,
    );
    await alerts.started;

    // Before the due instant: STARTED only, and the worker is told to come back at the at-risk instant.
    await engine.runAutomationOnce(apiDb, after(10 * MINUTE));
    expect((await eventsOf(ticket.id)).map((event) => event.type)).toEqual(['CREATED', 'SLA_STARTED', 'SLA_STARTED']);
    const scheduled = await api.db.ticketAutomation.findUniqueOrThrow({ where: { ticketId: ticket.id } });
    expect(scheduled.dueAt).toEqual(after(48 * MINUTE)); // 20 % of the hour left
    await engine.runAutomationOnce(apiDb, after(48 * MINUTE + 500));
    expect(await eventsOf(ticket.id, 'SLA_AT_RISK')).toHaveLength(1);

    const workers = [api.instanceClient(), api.instanceClient(), api.instanceClient()];
    const dueAt = after(HOUR + 2_000);
    await Promise.all(workers.map((client) => engine.runAutomationOnce(client, dueAt)));
    await Promise.all(workers.map((client) => engine.runAutomationOnce(client, after(HOUR + 3_000))));

    const breaches = await eventsOf(ticket.id, 'SLA_BREACHED');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ field: 'firstResponse', createdAt: after(HOUR), internal: true });
    const escalations = await eventsOf(ticket.id, 'SLA_ESCALATED');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ fromValue: '1', toValue: '2' });
    expect(await eventsOf(ticket.id, 'SLA_AT_RISK')).toHaveLength(1);
    const stored = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(stored.assessedPriority).toBe(2);
    expect(stored.version).toBe(ticket.version + 1);

    const delivered = await alerts.done;
    expect(delivered.map((result) => result.data?.slaAlerts.type).sort()).toEqual(['SLA_AT_RISK', 'SLA_ESCALATED']);
  });

  it('is detected by the running worker within seconds of the due instant', async () => {
    const queue = await api.fixtures.queueWithPolicy({ raisePriorityOnBreach: false });
    const ticket = await storedTicket(queue.id, T0);
    let clock = after(HOUR - 5_000);
    const worker = jobs.startAutomationWorker({ now: () => clock, intervalMs: 200 });
    try {
      await worker.runOnce();
      expect(await eventsOf(ticket.id, 'SLA_BREACHED')).toHaveLength(0);
      clock = after(HOUR + 1_000);
      const started = Date.now();
      while ((await eventsOf(ticket.id, 'SLA_BREACHED')).length === 0 && Date.now() - started < 5_000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await eventsOf(ticket.id, 'SLA_BREACHED')).toHaveLength(1);
      expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).assessedPriority).toBeNull();
    } finally {
      await worker.stop();
    }
  });
});

describe('reminders', () => {
  it('fire once, at their due time, to their owner', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    const reminder = await api.db.reminder.create({
      data: { ticketId: ticket.id, ownerId: operator.id, dueAt: after(2 * HOUR), text: 'Richiamare il cliente' },
    });
    const other = await api.fixtures.user('OPERATOR');
    const forOwner = collect<{ reminderDue: { id: string; text: string; firedAt: string } }>(
      api.wsClient({ token: operator.token }),
      `subscription { reminderDue { id text firedAt } }`,
      {},
      2,
      4_000,
    );
    const forOther = collect(api.wsClient({ token: other.token }), `subscription { reminderDue { id } }`, {}, 1, 4_000);
    await Promise.all([forOwner.started, forOther.started]);

    await engine.runAutomationOnce(apiDb, after(2 * HOUR - 1_000));
    expect((await api.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).firedAt).toBeNull();
    const workers = [apiDb, api.instanceClient(), api.instanceClient()];
    await Promise.all(workers.map((client) => engine.runAutomationOnce(client, after(2 * HOUR + 500))));
    await engine.runAutomationOnce(apiDb, after(3 * HOUR));

    expect((await api.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).firedAt).toEqual(
      after(2 * HOUR + 500),
    );
    expect(await eventsOf(ticket.id, 'REMINDER_FIRED')).toHaveLength(1);
    const delivered = await forOwner.done;
    expect(delivered.map((result) => result.data?.reminderDue)).toEqual([
      { id: reminder.id, text: 'Richiamare il cliente', firedAt: after(2 * HOUR + 500).toISOString() },
    ]);
    expect(await forOther.done).toEqual([]);
  });
});

describe('automatic closure', () => {
  it('warns one day before and closes after 7 days without a customer reply', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    await movedWithPublicNote(ticket.id, 'NEW', 'CHANGES_REQUESTED', after(HOUR));

    await engine.runAutomationOnce(apiDb, after(HOUR + 5 * DAY));
    expect(await eventsOf(ticket.id, 'AUTO_CLOSE_WARNING')).toHaveLength(0);
    await engine.runAutomationOnce(apiDb, after(HOUR + 6 * DAY + MINUTE));
    await engine.runAutomationOnce(apiDb, after(HOUR + 6 * DAY + 2 * MINUTE));
    const warnings = await eventsOf(ticket.id, 'AUTO_CLOSE_WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.internal).toBe(false);
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('CHANGES_REQUESTED');

    await engine.runAutomationOnce(apiDb, after(HOUR + 7 * DAY + MINUTE));
    await engine.runAutomationOnce(apiDb, after(HOUR + 7 * DAY + 2 * MINUTE));
    const closed = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { notes: true } });
    expect(closed.status).toBe('CANCELLED');
    expect(closed.closedAt).toEqual(after(HOUR + 7 * DAY + MINUTE));
    const closures = await eventsOf(ticket.id, 'AUTO_CLOSED');
    expect(closures).toHaveLength(1);
    expect(closures[0]).toMatchObject({ fromValue: 'CHANGES_REQUESTED', toValue: 'CANCELLED', internal: false });
    const reason = closed.notes.find((note) => note.authorId === null);
    expect(reason).toMatchObject({ visibility: 'PUBLIC' });
    expect(reason!.body).toMatch(/chiuso automaticamente/);

    // The customer sees the warning and the closure on the timeline.
    const timeline = await api.graphql(
      `query ($id: ID!) { ticket(id: $id) { status events { type } } }`,
      { id: ticket.id },
      { token: customerUser.token },
    );
    const types = timeline.data.ticket.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['AUTO_CLOSE_WARNING', 'AUTO_CLOSED']));
    expect(types.filter((type: string) => type.startsWith('SLA_'))).toEqual([]);
  });

  it('does not close a ticket whose customer replied in time', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    await movedWithPublicNote(ticket.id, 'NEW', 'AWAITING_INPUT', after(HOUR));
    await api.db.note.create({
      data: {
        ticketId: ticket.id,
        authorId: customerUser.id,
        visibility: 'PUBLIC',
        body: 'Ecco il log',
        createdAt: after(3 * DAY),
      },
    });
    await api.db.ticket.update({ where: { id: ticket.id }, data: { lastCustomerActivityAt: after(3 * DAY) } });
    await api.db.ticketAutomation.update({ where: { ticketId: ticket.id }, data: { dueAt: after(3 * DAY) } });

    for (const day of [4, 6.5, 8, 30]) await engine.runAutomationOnce(apiDb, after(day * DAY));
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('AWAITING_INPUT');
    expect(await eventsOf(ticket.id, 'AUTO_CLOSE_WARNING')).toHaveLength(0);
    expect(await eventsOf(ticket.id, 'AUTO_CLOSED')).toHaveLength(0);
  });

  it('loses nothing across a restart between the warning and the closure', async () => {
    const queue = await api.db.queue.create({ data: { name: `CODA-3-GIORNI-${process.pid}`, autoCloseDays: 3 } });
    const ticket = await storedTicket(queue.id, T0);
    await movedWithPublicNote(ticket.id, 'NEW', 'CHANGES_REQUESTED', after(HOUR));

    let clock = after(HOUR + 2 * DAY + MINUTE);
    const first = jobs.startAutomationWorker({ now: () => clock, intervalMs: 100 });
    await first.runOnce();
    await first.stop();
    expect(await eventsOf(ticket.id, 'AUTO_CLOSE_WARNING')).toHaveLength(1);
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('CHANGES_REQUESTED');

    // A new instance (another client, as after a restart) finds the closure due from the database alone.
    clock = after(HOUR + 3 * DAY + 2 * MINUTE);
    const second = jobs.startAutomationWorker({ db: api.instanceClient(), now: () => clock, intervalMs: 100 });
    const third = jobs.startAutomationWorker({ db: api.instanceClient(), now: () => clock, intervalMs: 100 });
    await Promise.all([second.runOnce(), third.runOnce()]);
    await Promise.all([second.runOnce(), third.runOnce()]);
    await Promise.all([second.stop(), third.stop()]);

    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('CANCELLED');
    expect(await eventsOf(ticket.id, 'AUTO_CLOSED')).toHaveLength(1);
    expect(await eventsOf(ticket.id, 'AUTO_CLOSE_WARNING')).toHaveLength(1);
    expect(admin.id).toBeTruthy();
  });
});

describe('stored files no attachment names', () => {
  it('are deleted once over an hour old, by a sweep an hour, and attached files are kept', async () => {
    const ticket = await storedTicket((await api.fixtures.queue()).id, T0);
    const stored = (key: string, createdAt: Date) =>
      api.db.storedFile.create({ data: { key, content: PNG, createdAt } });
    // As a request killed between storing its files and recording them leaves them.
    await stored('orphan-old', T0);
    await stored('orphan-recent', after(50 * MINUTE));
    await stored('attached-old', T0);
    await api.db.attachment.create({
      data: {
        ticketId: ticket.id,
        fileName: 'schermata.png',
        contentType: 'image/png',
        size: PNG.byteLength,
        storageKey: 'attached-old',
      },
    });
    let clock = after(HOUR + MINUTE);
    const worker = jobs.startAutomationWorker({ now: () => clock, intervalMs: 60_000 });
    try {
      await worker.runOnce();
      expect(await api.storedFiles()).toEqual(['attached-old', 'orphan-recent']);
      // Over an hour old now, but the last sweep was less than an hour ago.
      clock = after(HOUR + 55 * MINUTE);
      await worker.runOnce();
      expect(await api.storedFiles()).toEqual(['attached-old', 'orphan-recent']);
      clock = after(2 * HOUR + 2 * MINUTE);
      await worker.runOnce();
      expect(await api.storedFiles()).toEqual(['attached-old']);
    } finally {
      await worker.stop();
    }
  });
});
