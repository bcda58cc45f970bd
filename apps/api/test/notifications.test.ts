import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@sportello/db';
import { formatTicketCode } from '@sportello/schema/domain/ticket-code';
import { collect, startTestApi, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let engine: typeof import('@sportello/schema/domain/automation/engine');
let notifications: typeof import('@sportello/schema/domain/notifications');
/** The API's own client: on the embedded database (one session) every worker must go through it. */
let apiDb: Database;
let admin: User;
let supervisor: User;
let retiredSupervisor: User;
let claimer: User;
let otherOperator: User;
let customerUser: User;
let customerId: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-02T08:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  api = await startTestApi();
  engine = await import('@sportello/schema/domain/automation/engine');
  notifications = await import('@sportello/schema/domain/notifications');
  apiDb = (await import('@sportello/schema/db')).db;
  admin = await api.fixtures.user('ADMIN');
  supervisor = await api.fixtures.user('SUPERVISOR');
  retiredSupervisor = await api.fixtures.user('SUPERVISOR');
  await api.db.user.update({ where: { id: retiredSupervisor.id }, data: { active: false } });
  claimer = await api.fixtures.user('OPERATOR');
  otherOperator = await api.fixtures.user('OPERATOR');
  const customer = await api.fixtures.customer();
  customerId = customer.id;
  customerUser = await api.fixtures.user('CUSTOMER', { customerId });
});
afterAll(async () => {
  await api?.stop();
});

/** A queue with a 24/7 policy of its own (first response in 1 h, resolution in 8 h) that never raises priority. */
const queueWithPolicy = (policy: Record<string, unknown> = {}) =>
  api.fixtures.queueWithPolicy({ raisePriorityOnBreach: false, ...policy });

/** A ticket claimed by `claimer`, as the API would have stored it at `createdAt`, scheduled for the worker. */
const storedTicket = (queueId: string, createdAt: Date) =>
  api.fixtures.storedTicket(queueId, createdAt, {
    customerId,
    requestedPriority: 1,
    claimedById: claimer.id,
    claimedAt: createdAt,
  });

const storedFor = (ticketId: string) =>
  api.db.notification.findMany({ where: { ticketId }, orderBy: [{ createdAt: 'asc' }, { kind: 'asc' }] });

const kindsByUser = (rows: Array<{ userId: string; kind: string }>) => {
  const byUser: Record<string, string[]> = {};
  for (const row of rows) (byUser[row.userId] ??= []).push(row.kind);
  return byUser;
};

const MY_NOTIFICATIONS = /* GraphQL */ `
  query ($unreadOnly: Boolean, $first: Int) {
    unreadNotificationCount
    myNotifications(unreadOnly: $unreadOnly, first: $first) {
      edges {
        node {
          id
          kind
          message
          slaTarget
          deadline
          reminderText
          read
          ticket {
            code
          }
        }
      }
    }
  }
`;
const MARK_READ = /* GraphQL */ `
  mutation ($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all) {
      marked
      unreadCount
    }
  }
`;

describe('SLA notifications', () => {
  it('stores at-risk and breach notifications once for each supervisor, admin and the claimer, with racing workers', async () => {
    const queue = await queueWithPolicy();
    const ticket = await storedTicket(queue.id, T0);
    const forSupervisor = collect<{ notificationAdded: { kind: string; slaTarget: string; ticket: { id: string } } }>(
      api.wsClient({ token: supervisor.token }),
      `subscription { notificationAdded { kind slaTarget ticket { id } } }`,
      {},
      2,
      8_000,
    );
    const forOther = collect(
      api.wsClient({ token: otherOperator.token }),
      `subscription { notificationAdded { id } }`,
      {},
      1,
      4_000,
    );
    await Promise.all([forSupervisor.started, forOther.started]);

    await engine.runAutomationOnce(apiDb, after(10 * MINUTE));
    expect(await storedFor(ticket.id)).toEqual([]);

    for (const at of [after(48 * MINUTE + 500), after(HOUR + 2_000), after(HOUR + 3_000)]) {
      const workers = [apiDb, api.instanceClient(), api.instanceClient()];
      await Promise.all(workers.map((client) => engine.runAutomationOnce(client, at)));
    }

    const stored = await storedFor(ticket.id);
    const expected = ['SLA_AT_RISK', 'SLA_BREACHED'];
    expect(kindsByUser(stored)).toEqual({
      [admin.id]: expected,
      [supervisor.id]: expected,
      [claimer.id]: expected,
    });
    const breach = await api.db.ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'SLA_BREACHED' } });
    expect(stored.find((row) => row.kind === 'SLA_BREACHED' && row.userId === claimer.id)).toMatchObject({
      dedupeKey: `${breach.id}:${claimer.id}`,
      readAt: null,
      createdAt: after(HOUR + 2_000),
    });

    const delivered = await forSupervisor.done;
    expect(delivered.map((result) => result.data?.notificationAdded)).toEqual([
      { kind: 'SLA_AT_RISK', slaTarget: 'firstResponse', ticket: { id: ticket.id } },
      { kind: 'SLA_BREACHED', slaTarget: 'firstResponse', ticket: { id: ticket.id } },
    ]);
    expect(await forOther.done).toEqual([]);
  });

  it('tells only the claimer when the policy does not notify the supervisors', async () => {
    const queue = await queueWithPolicy({ notifyOnAtRisk: false, notifyOnBreach: false });
    const ticket = await storedTicket(queue.id, T0);
    await engine.runAutomationOnce(apiDb, after(48 * MINUTE + 500));
    await engine.runAutomationOnce(apiDb, after(HOUR + 2_000));
    expect(kindsByUser(await storedFor(ticket.id))).toEqual({ [claimer.id]: ['SLA_AT_RISK', 'SLA_BREACHED'] });
  });
});

describe('reminder and automatic closure notifications', () => {
  it('stores a due reminder once for its owner, with its text', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    await api.db.reminder.create({
      data: { ticketId: ticket.id, ownerId: otherOperator.id, dueAt: after(2 * HOUR), text: 'Richiamare il cliente' },
    });
    const workers = [apiDb, api.instanceClient(), api.instanceClient()];
    await Promise.all(workers.map((client) => engine.runAutomationOnce(client, after(2 * HOUR + 500))));
    await engine.runAutomationOnce(apiDb, after(3 * HOUR));

    const stored = await storedFor(ticket.id);
    expect(kindsByUser(stored)).toEqual({ [otherOperator.id]: ['REMINDER_DUE'] });
    const { data } = await api.graphql(MY_NOTIFICATIONS, { unreadOnly: true }, { token: otherOperator.token });
    expect(data.myNotifications.edges.map((edge: { node: unknown }) => edge.node)).toContainEqual(
      expect.objectContaining({
        id: stored[0]!.id,
        kind: 'REMINDER_DUE',
        reminderText: 'Richiamare il cliente',
        message: `${formatTicketCode(ticket.number)} · Il gestionale non si avvia`,
        ticket: { code: formatTicketCode(ticket.number) },
        read: false,
      }),
    );
  });

  it('warns the claimer once before closing a ticket automatically', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    const at = after(HOUR);
    const note = await api.db.note.create({
      data: { ticketId: ticket.id, authorId: claimer.id, visibility: 'PUBLIC', body: 'Ci mandi il log', createdAt: at },
    });
    await api.db.ticket.update({
      where: { id: ticket.id },
      data: { status: 'CHANGES_REQUESTED', firstResponseAt: at },
    });
    await api.db.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: claimer.id,
        type: 'STATUS_CHANGED',
        field: 'status',
        fromValue: 'NEW',
        toValue: 'CHANGES_REQUESTED',
        data: { noteId: note.id, noteVisibility: 'PUBLIC' },
        createdAt: at,
      },
    });
    await api.db.ticketAutomation.update({ where: { ticketId: ticket.id }, data: { dueAt: at } });

    for (const when of [after(HOUR + 6 * DAY + MINUTE), after(HOUR + 6 * DAY + 2 * MINUTE)]) {
      const workers = [apiDb, api.instanceClient(), api.instanceClient()];
      await Promise.all(workers.map((client) => engine.runAutomationOnce(client, when)));
    }
    const stored = await storedFor(ticket.id);
    expect(kindsByUser(stored)).toEqual({ [claimer.id]: ['AUTO_CLOSE_WARNING'] });
    expect(stored[0]!.data).toMatchObject({ closesAt: after(HOUR + 7 * DAY).toISOString(), days: 7 });
  });
});

describe('notifyStaff', () => {
  it('reaches active staff of the roles and the named users, each once, and never twice for one key', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    const input = {
      kind: 'INBOUND_MAIL_FAILED' as const,
      ticketId: ticket.id,
      message: 'Mail illeggibile',
      dedupeKey: `mail:${ticket.id}`,
    };
    const recipients = {
      roles: ['ADMIN'] as const,
      userIds: [otherOperator.id, otherOperator.id, customerUser.id, retiredSupervisor.id, null],
    };
    const runs = await Promise.all(
      [apiDb, api.instanceClient(), api.instanceClient()].map((client) =>
        client.$transaction((tx) => notifications.notifyStaff(tx, input, recipients)),
      ),
    );
    expect(
      runs
        .flat()
        .map((created) => created.userId)
        .sort(),
    ).toEqual([admin.id, otherOperator.id].sort());
    expect(kindsByUser(await storedFor(ticket.id))).toEqual({
      [admin.id]: ['INBOUND_MAIL_FAILED'],
      [otherOperator.id]: ['INBOUND_MAIL_FAILED'],
    });
    expect(await apiDb.$transaction((tx) => notifications.notifyStaff(tx, input, recipients))).toEqual([]);
  });
});

describe('GraphQL', () => {
  it('shows each user only their own notifications, and customers none', async () => {
    const queue = await api.fixtures.queue();
    const ticket = await storedTicket(queue.id, T0);
    await apiDb.$transaction((tx) =>
      notifications.notifyStaff(
        tx,
        { kind: 'REMINDER_DUE', ticketId: ticket.id, message: 'solo per me', dedupeKey: `own:${ticket.id}` },
        { userIds: [claimer.id] },
      ),
    );
    const mine = await api.graphql(MY_NOTIFICATIONS, {}, { token: claimer.token });
    expect(mine.data.myNotifications.edges.map((edge: { node: { message: string } }) => edge.node.message)).toContain(
      'solo per me',
    );
    const theirs = await api.graphql(MY_NOTIFICATIONS, {}, { token: otherOperator.token });
    expect(
      theirs.data.myNotifications.edges.map((edge: { node: { message: string } }) => edge.node.message),
    ).not.toContain('solo per me');
    const customer = await api.graphql(MY_NOTIFICATIONS, {}, { token: customerUser.token });
    expect(customer.data).toEqual({ unreadNotificationCount: 0, myNotifications: { edges: [] } });
    const anonymous = await api.graphql(MY_NOTIFICATIONS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('marks notifications read: some of one’s own, or all; never another user’s', async () => {
    const user = await api.fixtures.user('OPERATOR');
    const other = await api.fixtures.user('OPERATOR');
    const created = await apiDb.$transaction(async (tx) => [
      ...(await notifications.notifyStaff(
        tx,
        { kind: 'REMINDER_DUE', message: 'uno', dedupeKey: 'mark:1' },
        { userIds: [user.id, other.id] },
      )),
      ...(await notifications.notifyStaff(
        tx,
        { kind: 'REMINDER_DUE', message: 'due', dedupeKey: 'mark:2' },
        { userIds: [user.id] },
      )),
      ...(await notifications.notifyStaff(
        tx,
        { kind: 'REMINDER_DUE', message: 'tre', dedupeKey: 'mark:3' },
        { userIds: [user.id] },
      )),
    ]);
    const own = created.filter((row) => row.userId === user.id).map((row) => row.id);
    const othersId = created.find((row) => row.userId === other.id)!.id;

    const before = await api.graphql(MY_NOTIFICATIONS, {}, { token: user.token });
    expect(before.data.unreadNotificationCount).toBe(3);
    expect(before.data.myNotifications.edges.map((edge: { node: { message: string } }) => edge.node.message)).toEqual([
      'tre',
      'due',
      'uno',
    ]);

    const stolen = await api.graphql(MARK_READ, { ids: [own[0], othersId] }, { token: user.token });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await api.db.notification.count({ where: { id: { in: [own[0]!, othersId] }, readAt: { not: null } } })).toBe(
      0,
    );
    for (const variables of [{}, { ids: [own[0]], all: true }]) {
      const ambiguous = await api.graphql(MARK_READ, variables, { token: user.token });
      expect(ambiguous.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    }

    const one = await api.graphql(MARK_READ, { ids: [own[0], own[0]] }, { token: user.token });
    expect(one.data.markNotificationsRead).toEqual({ marked: 1, unreadCount: 2 });
    const again = await api.graphql(MARK_READ, { ids: [own[0]] }, { token: user.token });
    expect(again.data.markNotificationsRead).toEqual({ marked: 0, unreadCount: 2 });
    const unread = await api.graphql(MY_NOTIFICATIONS, { unreadOnly: true }, { token: user.token });
    expect(unread.data.myNotifications.edges.map((edge: { node: { message: string } }) => edge.node.message)).toEqual([
      'tre',
      'due',
    ]);

    const all = await api.graphql(MARK_READ, { all: true }, { token: user.token });
    expect(all.data.markNotificationsRead).toEqual({ marked: 2, unreadCount: 0 });
    const otherAfter = await api.graphql(MY_NOTIFICATIONS, {}, { token: other.token });
    expect(otherAfter.data.unreadNotificationCount).toBe(1);
  });
});
