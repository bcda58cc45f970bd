/**
 * The automation worker's work, all of it recorded in PostgreSQL so that any number of API instances can share
 * it and a restart loses nothing:
 *
 * - Due work is claimed row by row with `FOR UPDATE SKIP LOCKED` (a ticket's `TicketAutomation` row together with
 *   the ticket row; a reminder row), so two workers never handle the same item at once.
 * - Everything the worker records carries a `TicketEvent.dedupeKey` naming what it records (which ticket, target,
 *   cycle, kind): the unique index makes "exactly once" hold even if two workers ever raced past the locks.
 * - What to do is derived from the ticket's history each time, never from memory: SLA events from the pure clock,
 *   the automatic closure from the last staff reply and customer message.
 *
 * Time is a parameter (`now`), so tests move through days without waiting.
 */
import type { NotificationKind, Prisma, PrismaClient, TicketEvent, TicketEventType } from '@sportello/db';
import { pubsub } from '../../pubsub.ts';
import { notifyStaff, publishNotifications, type CreatedNotification, type Recipients } from '../notifications.ts';
import { formatTicketCode } from '../ticket-code.ts';
import { checkTransition, timestampsFor } from '../lifecycle.ts';
import { announcePendingMails, markEventsForMail } from '../mail/outbox.ts';
import { nextDeadline, slaTimeline, evaluateSla, type SlaTarget, SLA_TARGETS } from '../sla/clock.ts';
import { calendarOf, clockPolicyOf, effectivePriority, matchPolicy, type StoredPolicy } from '../sla/policy.ts';
import { loadPolicies, loadTickets, type LoadedTicket } from '../sla/tickets.ts';

type Tx = Prisma.TransactionClient;
type Client = PrismaClient;

const DAY_MS = 86_400_000;
/** A breach recorded later than this after it happened (the workers were down) is recorded but not escalated. */
const ESCALATION_WINDOW_MS = DAY_MS;
/** Statuses in which a ticket can wait on the customer (see `autoClosePlan`). */
const WAITING_STATUSES = ['CHANGES_REQUESTED', 'AWAITING_INPUT'] as const;

const SLA_EVENT_TYPE = {
  STARTED: 'SLA_STARTED',
  PAUSED: 'SLA_PAUSED',
  RESUMED: 'SLA_RESUMED',
  MET: 'SLA_MET',
  BREACHED: 'SLA_BREACHED',
} as const satisfies Record<string, TicketEventType>;

export interface AutomationRun {
  tickets: number;
  reminders: number;
  events: number;
}

interface Outcome {
  events: TicketEvent[];
  alerts: TicketEvent[];
  /** Stored notifications, published after the commit. */
  notifications: CreatedNotification[];
  /** The ticket's queue and customer after the change, for the subscribers' filters. */
  ticket?: { queueId: string; customerId: string | null };
  /** Entries marked for the outbox writer, announced once committed. */
  mailsPending?: boolean;
}

const timestamp = (date: Date) => date.toISOString();

/** Schedules every ticket the worker has never looked at (tickets loaded by the demo seed, or before this feature). */
export async function scheduleUnscheduledTickets(client: Client, now: Date): Promise<number> {
  return client.$executeRaw`
    INSERT INTO "TicketAutomation" ("ticketId", "dueAt")
    SELECT t."id", ${timestamp(now)}::timestamp(3) FROM "Ticket" t
    WHERE NOT EXISTS (SELECT 1 FROM "TicketAutomation" a WHERE a."ticketId" = t."id")
    ON CONFLICT ("ticketId") DO NOTHING`;
}

/** One pass: every ticket and reminder due at `now` (up to `limit` of each). */
export async function runAutomationOnce(client: Client, now: Date, limit = 50): Promise<AutomationRun> {
  const run: AutomationRun = { tickets: 0, reminders: 0, events: 0 };
  const policies = await loadPolicies(client);
  for (; run.tickets < limit; run.tickets++) {
    let claimedId: string | null = null;
    let outcome: Outcome | null;
    try {
      outcome = await client.$transaction(async (tx) => {
        const [claimed] = await tx.$queryRaw<Array<{ ticketId: string }>>`
          SELECT a."ticketId" FROM "TicketAutomation" a JOIN "Ticket" t ON t."id" = a."ticketId"
          WHERE a."dueAt" <= ${timestamp(now)}::timestamp(3)
          ORDER BY a."dueAt" LIMIT 1
          FOR UPDATE OF a, t SKIP LOCKED`;
        if (!claimed) return null;
        claimedId = claimed.ticketId;
        return processTicket(tx, claimed.ticketId, policies, now);
      });
    } catch (error) {
      if (claimedId === null) throw error;
      // One ticket that cannot be handled must not hold up the others: try it again in a minute.
      console.error(`automation: ticket ${claimedId} failed, retrying in a minute`, error);
      await client.ticketAutomation.updateMany({
        where: { ticketId: claimedId },
        data: { dueAt: new Date(now.getTime() + 60_000) },
      });
      continue;
    }
    if (!outcome) break;
    publish(outcome);
    run.events += outcome.events.length;
  }
  for (; run.reminders < limit; run.reminders++) {
    const fired = await client.$transaction(async (tx) => {
      const [reminder] = await tx.$queryRaw<Array<{ id: string; ticketId: string; ownerId: string; text: string }>>`
        SELECT "id", "ticketId", "ownerId", "text" FROM "Reminder"
        WHERE "firedAt" IS NULL AND "doneAt" IS NULL AND "dueAt" <= ${timestamp(now)}::timestamp(3)
        ORDER BY "dueAt" LIMIT 1
        FOR UPDATE SKIP LOCKED`;
      if (!reminder) return null;
      const notifications: CreatedNotification[] = [];
      await tx.reminder.update({ where: { id: reminder.id }, data: { firedAt: now } });
      const event = await tx.ticketEvent.create({
        data: {
          ticketId: reminder.ticketId,
          type: 'REMINDER_FIRED',
          internal: true,
          data: { reminderId: reminder.id, ownerId: reminder.ownerId },
          dedupeKey: `reminder:${reminder.id}:fired`,
          createdAt: now,
        },
      });
      const ticket = await tx.ticket.findUniqueOrThrow({
        where: { id: reminder.ticketId },
        select: { queueId: true, customerId: true },
      });
      await notifyAbout(tx, event, 'REMINDER_DUE', { userIds: [reminder.ownerId] }, now, notifications, {
        reminderId: reminder.id,
        text: reminder.text,
      });
      return { reminder, event, ticket, notifications };
    });
    if (!fired) break;
    pubsub.publish('reminderDue', { reminderId: fired.reminder.id, ownerId: fired.reminder.ownerId });
    publish({ events: [fired.event], alerts: [], notifications: fired.notifications, ticket: fired.ticket });
    run.events += 1;
  }
  return run;
}

function publish(outcome: Outcome) {
  if (outcome.mailsPending) announcePendingMails();
  publishNotifications(outcome.notifications);
  const ticket = outcome.ticket;
  if (!ticket) return;
  for (const event of outcome.events) {
    pubsub.publish('ticketEvent', {
      eventId: event.id,
      ticketId: event.ticketId,
      queueId: ticket.queueId,
      customerId: ticket.customerId,
      type: event.type,
      internal: event.internal,
    });
  }
  for (const alert of outcome.alerts) {
    pubsub.publish('slaAlert', { eventId: alert.id, ticketId: alert.ticketId, queueId: ticket.queueId });
  }
}

async function processTicket(tx: Tx, ticketId: string, policies: StoredPolicy[], now: Date): Promise<Outcome> {
  const outcome: Outcome = { events: [], alerts: [], notifications: [] };
  let loaded = (await loadTickets(tx, [ticketId])).get(ticketId);
  if (!loaded) return outcome;

  const record = async (data: Omit<Prisma.TicketEventUncheckedCreateInput, 'ticketId'> & { dedupeKey: string }) => {
    const existing = await tx.ticketEvent.findUnique({ where: { dedupeKey: data.dedupeKey } });
    if (existing) return null;
    const event = await tx.ticketEvent.create({ data: { ...data, ticketId } });
    outcome.events.push(event);
    return event;
  };

  // 1. SLA events and escalations.
  const policy = matchPolicy(policies, loaded.ticket);
  let next: Date | null = null;
  const earliest = (date: Date | null) => {
    if (date && (!next || date < next)) next = date;
  };
  if (policy) {
    const input = { policy: clockPolicyOf(policy), calendar: calendarOf(policy), history: loaded.history, now };
    const cycleStart: Record<SlaTarget, number> = {
      firstResponse: loaded.ticket.createdAt.getTime(),
      nextResponse: loaded.ticket.createdAt.getTime(),
      resolution: loaded.ticket.createdAt.getTime(),
    };
    const breaches: Array<{ event: TicketEvent; target: SlaTarget }> = [];
    for (const sla of slaTimeline(input)) {
      if (sla.target === 'nextResponse' && sla.type === 'STARTED') cycleStart.nextResponse = sla.at.getTime();
      const base = `sla:${ticketId}:${sla.target}:${cycleStart[sla.target]}:${sla.type}`;
      const key = sla.type === 'BREACHED' || sla.type === 'STARTED' ? base : `${base}:${sla.at.getTime()}`;
      const event = await record({
        type: SLA_EVENT_TYPE[sla.type],
        field: sla.target,
        internal: true,
        data: { target: sla.target, policyId: policy.id, policyName: policy.name, recordedAt: now.toISOString() },
        dedupeKey: key,
        createdAt: sla.at,
      });
      if (event && sla.type === 'BREACHED') breaches.push({ event, target: sla.target });
    }
    const status = evaluateSla(input);
    for (const target of SLA_TARGETS) {
      const current = status[target];
      if (current?.state !== 'AT_RISK') continue;
      const event = await record({
        type: 'SLA_AT_RISK',
        field: target,
        internal: true,
        data: {
          target,
          policyId: policy.id,
          policyName: policy.name,
          dueAt: current.dueAt?.toISOString() ?? null,
          remainingSeconds: current.remainingSeconds,
        },
        dedupeKey: `sla:${ticketId}:${target}:${current.startedAt.getTime()}:AT_RISK`,
        createdAt: now,
      });
      if (event && policy.notifyOnAtRisk) outcome.alerts.push(event);
      if (event)
        await notifyAbout(
          tx,
          event,
          'SLA_AT_RISK',
          { roles: policy.notifyOnAtRisk ? SUPERVISORS : [], userIds: [loaded.ticket.claimedById] },
          now,
          outcome.notifications,
          { target, dueAt: current.dueAt?.toISOString() ?? null },
        );
    }
    const open = loaded.ticket.status !== 'DONE' && loaded.ticket.status !== 'CANCELLED';
    for (const breach of breaches) {
      if (!open || now.getTime() - breach.event.createdAt.getTime() > ESCALATION_WINDOW_MS) continue;
      const escalated = await escalate(tx, loaded, policy, breach, now, record);
      if (escalated && policy.notifyOnBreach) outcome.alerts.push(escalated);
      // The claimer (before and after a reassignment) always hears of it, the supervisors if the policy says so.
      const { claimedById } = await tx.ticket.findUniqueOrThrow({
        where: { id: ticketId },
        select: { claimedById: true },
      });
      await notifyAbout(
        tx,
        breach.event,
        'SLA_BREACHED',
        { roles: policy.notifyOnBreach ? SUPERVISORS : [], userIds: [loaded.ticket.claimedById, claimedById] },
        now,
        outcome.notifications,
        { target: breach.target, breachedAt: breach.event.createdAt.toISOString() },
      );
    }
    if (breaches.length) loaded = (await loadTickets(tx, [ticketId])).get(ticketId)!;
    earliest(nextDeadline({ ...input, history: loaded.history })?.at ?? null);
  }

  // 2. Automatic closure of tickets waiting on the customer.
  const plan = autoClosePlan(loaded, now);
  if (plan) {
    const warningKey = `autoclose:${ticketId}:${plan.waitingSince.getTime()}:warning`;
    let warning = await tx.ticketEvent.findUnique({ where: { dedupeKey: warningKey } });
    if (!warning && now >= plan.warnAt) {
      warning = await record({
        type: 'AUTO_CLOSE_WARNING',
        internal: false,
        data: { waitingSince: plan.waitingSince.toISOString(), closesAt: plan.closeAt.toISOString(), days: plan.days },
        dedupeKey: warningKey,
        createdAt: now,
      });
      if (warning)
        await notifyAbout(
          tx,
          warning,
          'AUTO_CLOSE_WARNING',
          { userIds: [loaded.ticket.claimedById] },
          now,
          outcome.notifications,
          { closesAt: plan.closeAt.toISOString(), days: plan.days },
        );
    }
    if (!warning) earliest(plan.warnAt);
    else {
      // The customer always gets a day's notice, even when the warning went out late.
      const closeAt = new Date(Math.max(plan.closeAt.getTime(), warning.createdAt.getTime() + DAY_MS));
      if (now >= closeAt) {
        await autoClose(tx, loaded, plan, now, record);
        earliest(now); // look again: the closure changes the SLA clocks
      } else earliest(closeAt);
    }
  }

  // The warning and the closure are mailed to the customer: recorded in this same transaction (see mail/outbox.ts).
  outcome.mailsPending = await markEventsForMail(tx, outcome.events);
  await tx.ticketAutomation.update({ where: { ticketId }, data: { dueAt: next, evaluatedAt: now } });
  outcome.ticket = await tx.ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: { queueId: true, customerId: true },
  });
  return outcome;
}

const SUPERVISORS = ['SUPERVISOR', 'ADMIN'] as const;

/** Stores the notifications reporting `event` (once per recipient: the key is the event's id), in its transaction. */
async function notifyAbout(
  tx: Tx,
  event: TicketEvent,
  kind: NotificationKind,
  recipients: Recipients,
  now: Date,
  into: CreatedNotification[],
  data: Record<string, string | number | null>,
) {
  const ticket = await tx.ticket.findUniqueOrThrow({
    where: { id: event.ticketId },
    select: { number: true, subject: true },
  });
  const code = formatTicketCode(ticket.number);
  const created = await notifyStaff(
    tx,
    {
      kind,
      ticketId: event.ticketId,
      message: `${code} · ${ticket.subject}`,
      data: { eventId: event.id, ticketCode: code, ...data },
      dedupeKey: event.id,
    },
    recipients,
    now,
  );
  into.push(...created);
}

type Recorder = (
  data: Omit<Prisma.TicketEventUncheckedCreateInput, 'ticketId'> & { dedupeKey: string },
) => Promise<TicketEvent | null>;

/** Runs the policy's escalation rules for one fresh breach: raise the priority, reassign; supervisors are told. */
async function escalate(
  tx: Tx,
  loaded: LoadedTicket,
  policy: StoredPolicy,
  breach: { event: TicketEvent; target: SlaTarget },
  now: Date,
  record: Recorder,
) {
  const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: loaded.ticket.id } });
  const actions: string[] = [];
  const data: Prisma.TicketUncheckedUpdateInput = {};
  const from = effectivePriority(ticket);
  if (policy.raisePriorityOnBreach && from < 3) {
    data.assessedPriority = from + 1;
    actions.push('RAISE_PRIORITY');
  }
  if (policy.reassignOnBreachToId && policy.reassignOnBreachToId !== ticket.claimedById) {
    const target = await tx.user.findUnique({ where: { id: policy.reassignOnBreachToId } });
    if (target?.active && target.role !== 'CUSTOMER') {
      data.claimedById = target.id;
      data.claimedAt = now;
      actions.push('REASSIGN');
    }
  }
  if (policy.notifyOnBreach) actions.push('NOTIFY_SUPERVISORS');
  if (actions.length === 0) return null;
  const event = await record({
    type: 'SLA_ESCALATED',
    field: breach.target,
    internal: true,
    ...(data.assessedPriority !== undefined ? { fromValue: String(from), toValue: String(data.assessedPriority) } : {}),
    data: {
      target: breach.target,
      breachEventId: breach.event.id,
      breachedAt: breach.event.createdAt.toISOString(),
      actions,
      policyId: policy.id,
      ...(data.claimedById ? { reassignedTo: data.claimedById as string, reassignedFrom: ticket.claimedById } : {}),
    },
    dedupeKey: `${breach.event.dedupeKey}:escalated`,
    createdAt: now,
  });
  if (event && Object.keys(data).length > 0) {
    await tx.ticket.update({ where: { id: ticket.id }, data: { ...data, version: { increment: 1 } } });
  }
  return event;
}

export interface AutoClosePlan {
  /** The staff reply the customer has not answered. */
  waitingSince: Date;
  days: number;
  warnAt: Date;
  closeAt: Date;
}

/**
 * A ticket waits on the customer when it is CHANGES_REQUESTED or AWAITING_INPUT and a staff member wrote a PUBLIC
 * note (a reply, or the note of the move) since it entered that status, with no customer message after that note.
 * It is closed `queue.autoCloseDays` calendar days after that note, with a warning one day before.
 */
export function autoClosePlan(loaded: LoadedTicket, _now?: Date): AutoClosePlan | null {
  const { ticket, lastStaffPublicNoteAt: reply, lastCustomerMessageAt: message, statusSince } = loaded;
  if (!(WAITING_STATUSES as readonly string[]).includes(ticket.status)) return null;
  if (!reply || reply < statusSince) return null;
  if (message && message >= reply) return null;
  const days = Math.max(1, ticket.queue.autoCloseDays);
  const closeAt = new Date(reply.getTime() + days * DAY_MS);
  return { waitingSince: reply, days, closeAt, warnAt: new Date(closeAt.getTime() - DAY_MS) };
}

export const AUTO_CLOSE_NOTE = (days: number) =>
  `Ticket chiuso automaticamente: non abbiamo ricevuto risposta dal Cliente entro ${days} giorni dalla nostra ultima ` +
  'comunicazione. Per riaprirlo è sufficiente contattarci. / Closed automatically: no reply from the customer ' +
  `within ${days} days of our last message. Contact us to reopen it.`;

/**
 * Closes the ticket as CANCELLED ("Annullato") with a PUBLIC reason note. Not DONE: nobody confirmed the problem is
 * solved (DONE requires a solution, counts as resolved in the metrics, and CHANGES_REQUESTED may not go to DONE),
 * while CANCELLED is allowed from both waiting statuses, requires exactly such a reason, and can be reopened.
 */
async function autoClose(tx: Tx, loaded: LoadedTicket, plan: AutoClosePlan, now: Date, record: Recorder) {
  const from = loaded.ticket.status;
  const note = AUTO_CLOSE_NOTE(plan.days);
  const check = checkTransition(from, 'CANCELLED', { note }, now);
  if (!check.ok) return null;
  const key = `autoclose:${loaded.ticket.id}:${plan.waitingSince.getTime()}:closed`;
  if (await tx.ticketEvent.findUnique({ where: { dedupeKey: key } })) return null;
  const created = await tx.note.create({
    data: { ticketId: loaded.ticket.id, authorId: null, visibility: 'PUBLIC', body: note, createdAt: now },
  });
  await tx.ticket.update({
    where: { id: loaded.ticket.id },
    data: { status: 'CANCELLED', ...timestampsFor('CANCELLED', now), version: { increment: 1 } },
  });
  return record({
    type: 'AUTO_CLOSED',
    field: 'status',
    fromValue: from,
    toValue: 'CANCELLED',
    internal: false,
    data: {
      noteId: created.id,
      noteVisibility: 'PUBLIC',
      waitingSince: plan.waitingSince.toISOString(),
      days: plan.days,
    },
    dedupeKey: key,
    createdAt: now,
  });
}
