/**
 * Turns the demo data (demo-data.ts) into the rows to insert, with every timestamp computed from `now`.
 * Pure: no database, so it can be checked for many values of `now` in tests. It throws when a story breaks
 * a rule of the help desk (a move the lifecycle does not allow, a cancellation without a reason, a paid
 * intervention started without the customer's agreement…), so the seed never writes inconsistent data.
 */
import type {
  CallDirection,
  CallStatus,
  Channel,
  ContractKind,
  ContractState,
  Locale,
  NoteVisibility,
  Prisma,
  Role,
  TicketEventType,
  TicketStatus,
} from '@sportello/db';
import {
  DEMO_CUSTOMERS,
  DEMO_LIVE_CALLS,
  DEMO_PASSWORD,
  DEMO_PAST_CALLS,
  DEMO_QUEUES,
  DEMO_STAFF,
  DEMO_STORIES,
  type ContactSeed,
  type CustomerSeed,
} from './demo-data.ts';
import { canTransition, isClosedStatus, requirementsOf, STATUSES_NEEDING_PAID_AGREEMENT } from '../domain/lifecycle.ts';
import type { Actor, DateSpec, Delay, StaffKey, Step, Steps, Story, When } from './story.ts';
import { DemoClock, parseDuration } from './time.ts';
import { uuidV7 } from './uuid.ts';

export interface DemoLogin {
  role: 'OPERATOR' | 'SUPERVISOR' | 'ADMIN' | 'CUSTOMER';
  name: string;
  email: string;
  password: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  createdAt: Date;
}

export interface CustomerRow {
  id: string;
  name: string;
  vatNumber: string;
  email: string;
  phone: string;
  address: string;
  contractState: ContractState;
  contractKind: ContractKind | null;
  contractEndsAt: Date | null;
  createdAt: Date;
}

export interface ContactRow {
  id: string;
  customerId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  userId: string | null;
  createdAt: Date;
}

export interface QueueRow {
  id: string;
  name: string;
  description: string;
  position: number;
  createdAt: Date;
}

export interface CategoryRow {
  id: string;
  queueId: string;
  name: string;
  position: number;
}

export interface TicketRow {
  id: string;
  number: number;
  queueId: string;
  categoryId: string;
  requestedPriority: number;
  assessedPriority: number | null;
  channel: Channel;
  placeAndWhat: string;
  subject: string;
  description: string;
  status: TicketStatus;
  claimedById: string | null;
  claimedAt: Date | null;
  assigneeId: string | null;
  customerId: string;
  contactId: string | null;
  createdById: string | null;
  paidIntervention: boolean;
  paidAgreedAt: Date | null;
  paidAgreedBy: string | null;
  scheduledAt: Date | null;
  solution: string | null;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  lastCustomerActivityAt: Date | null;
  version: number;
}

export interface EventRow {
  id: string;
  ticketId: string;
  actorId: string | null;
  type: TicketEventType;
  field: string | null;
  fromValue: string | null;
  toValue: string | null;
  internal: boolean;
  data?: Prisma.InputJsonObject;
  createdAt: Date;
}

export interface NoteRow {
  id: string;
  ticketId: string;
  authorId: string | null;
  visibility: NoteVisibility;
  body: string;
  createdAt: Date;
}

export interface ReminderRow {
  id: string;
  ticketId: string;
  ownerId: string;
  dueAt: Date;
  text: string;
  doneAt: Date | null;
  firedAt: Date | null;
  createdAt: Date;
}

export interface CallRow {
  id: string;
  direction: CallDirection;
  callerNumber: string;
  callerName: string | null;
  status: CallStatus;
  operatorId: string | null;
  customerId: string | null;
  contactId: string | null;
  ticketId: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
}

export interface DemoPlan {
  now: Date;
  logins: DemoLogin[];
  users: UserRow[];
  customers: CustomerRow[];
  contacts: ContactRow[];
  queues: QueueRow[];
  categories: CategoryRow[];
  /** Oldest first; `number` is 1..N in that order. */
  tickets: TicketRow[];
  events: EventRow[];
  notes: NoteRow[];
  reminders: ReminderRow[];
  calls: CallRow[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const ticketCode = (number: number): string => `HT${String(number).padStart(5, '0')}`;

interface ContactInfo {
  key: string;
  row: ContactRow;
  seed: ContactSeed;
  customerKey: string;
}

interface CustomerInfo {
  row: CustomerRow;
  seed: CustomerSeed;
  /** Contract in force: tickets are covered; otherwise every intervention is paid. */
  covered: boolean;
}

/** Everything a story needs to resolve its names into ids. */
interface Directory {
  clock: DemoClock;
  staff: Record<StaffKey, UserRow>;
  customers: Map<string, CustomerInfo>;
  contacts: Map<string, ContactInfo>;
  queues: Map<string, { row: QueueRow; categories: Map<string, CategoryRow> }>;
  /** Story key → ticket number, for `[[key]]` in texts. */
  numbers: Map<string, number>;
}

type Atomic = Step | { kind: 'linkCall'; after: Delay; call: 'answered' | 'missed' };

function flatten(steps: Steps | undefined): Step[] {
  const result: Step[] = [];
  for (const item of steps ?? []) {
    if (Array.isArray(item)) result.push(...flatten(item));
    else result.push(item as Step);
  }
  return result;
}

function resolveWhen(clock: DemoClock, when: When): Date {
  return 'ago' in when ? clock.ago(when.ago) : clock.workdaysAgo(when.workdaysAgo, when.at);
}

function resolveDate(clock: DemoClock, spec: DateSpec, stepTime: Date): Date {
  if ('workdaysAhead' in spec) return clock.workdaysAhead(spec.workdaysAhead, spec.at);
  if ('afterStep' in spec) return clock.after(stepTime, spec.afterStep);
  if ('fromNow' in spec) return clock.fromNow(spec.fromNow);
  return clock.ago(spec.beforeNow);
}

/**
 * The times of a story's steps. Durations are added one after the other; a step given as `earlier(...)` is
 * anchored to `now` instead. If the steps before an anchor (or before `now`) would run past it (e.g. seeding on
 * a Monday at 7:00, when "1d" after Friday afternoon is still to come), that stretch of the timeline is
 * compressed proportionally so that it ends a little before, keeping its order.
 */
function stepTimes(clock: DemoClock, createdAt: Date, steps: Atomic[], fail: (message: string) => never): Date[] {
  const now = clock.now.getTime();
  const times: number[] = [];
  let segmentStart = createdAt.getTime();
  let segment: number[] = []; // indexes of the steps timed relative to segmentStart

  const fit = (end: number) => {
    const last = segment.length > 0 ? times[segment.at(-1)!]! : undefined;
    const limit = end - Math.min(15 * MINUTE, (end - segmentStart) / 10);
    if (last !== undefined && last > limit) {
      const factor = (limit - segmentStart) / (last - segmentStart);
      for (const index of segment) times[index] = segmentStart + Math.round((times[index]! - segmentStart) * factor);
    }
  };

  steps.forEach((step, index) => {
    if (typeof step.after === 'string') {
      const previous = index === 0 ? createdAt : new Date(times[index - 1]!);
      times.push(clock.after(previous, step.after).getTime());
      segment.push(index);
    } else {
      const anchor = clock.ago(step.after.beforeNow).getTime();
      if (anchor <= segmentStart) fail(`a step "${step.after.beforeNow} before now" comes before the previous one`);
      fit(anchor);
      times.push(anchor);
      segmentStart = anchor;
      segment = [];
    }
  });
  fit(now);

  let floor = createdAt.getTime();
  return times.map((time) => {
    const result = Math.max(time, floor + 1);
    floor = result;
    return new Date(result);
  });
}

/** Builds one ticket and everything hanging off it. */
class TicketBuilder {
  readonly events: EventRow[] = [];
  readonly notes: NoteRow[] = [];
  readonly reminders: ReminderRow[] = [];
  readonly calls: CallRow[] = [];
  readonly ticket: TicketRow;

  private readonly customer: CustomerInfo;
  private readonly contact: ContactInfo | undefined;
  private claimedBy: StaffKey | null = null;
  private readonly creatorKey: StaffKey | null;

  constructor(
    private readonly dir: Directory,
    private readonly story: Story,
    number: number,
    createdAt: Date,
  ) {
    const where = `story "${story.subject}"`;
    this.contact = story.contact === undefined ? undefined : dir.contacts.get(story.contact);
    if (story.contact !== undefined && !this.contact) throw new Error(`${where}: unknown contact "${story.contact}"`);
    const customerKey = this.contact?.customerKey ?? story.customer;
    if (story.contact !== undefined && story.customer !== undefined)
      throw new Error(`${where}: give a contact or a customer, not both`);
    const customer = customerKey === undefined ? undefined : dir.customers.get(customerKey);
    if (!customer) throw new Error(`${where}: unknown or missing customer`);
    this.customer = customer;
    const queue = dir.queues.get(story.queue);
    if (!queue) throw new Error(`${where}: unknown queue "${story.queue}"`);
    const category = queue.categories.get(story.category);
    if (!category) throw new Error(`${where}: queue ${story.queue} has no category "${story.category}"`);

    const steps = flatten(story.steps);
    this.creatorKey = this.creatorOf(steps);
    const createdById = this.creatorId();
    if (story.channel === 'PORTAL' && !createdById)
      throw new Error(`${where}: PORTAL tickets need a contact with a portal user`);
    if (story.call && story.channel !== 'PHONE') throw new Error(`${where}: only PHONE tickets come with a call`);

    this.ticket = {
      id: uuidV7(createdAt),
      number,
      queueId: queue.row.id,
      categoryId: category.id,
      requestedPriority: story.requested,
      assessedPriority: null,
      channel: story.channel,
      placeAndWhat: story.placeAndWhat,
      subject: story.subject,
      description: story.description,
      status: 'NEW',
      claimedById: null,
      claimedAt: null,
      assigneeId: null,
      customerId: customer.row.id,
      contactId: this.contact?.row.id ?? null,
      createdById,
      paidIntervention: !customer.covered,
      paidAgreedAt: null,
      paidAgreedBy: null,
      scheduledAt: null,
      solution: null,
      createdAt,
      updatedAt: createdAt,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      // The customer called, wrote or filled in the portal form; a monitoring alert is not the customer.
      lastCustomerActivityAt: story.channel === 'API' ? null : createdAt,
      version: 1,
    };

    this.event(createdAt, createdById, 'CREATED', {
      data: { channel: story.channel, ...(story.channel === 'API' ? { source: 'monitoraggio' } : {}) },
    });

    const atomics: Atomic[] = [];
    if (story.call?.missedBefore) atomics.push({ kind: 'linkCall', after: '2s', call: 'missed' });
    if (story.call) atomics.push({ kind: 'linkCall', after: '3s', call: 'answered' });
    atomics.push(...steps);
    const times = stepTimes(dir.clock, createdAt, atomics, (message) => this.fail(message));
    atomics.forEach((step, index) => this.apply(step, times[index]!, atomics[index + 1]));
    this.finish();
  }

  private fail(message: string): never {
    throw new Error(`demo seed, ${ticketCode(this.ticket?.number ?? 0)} "${this.story.subject}": ${message}`);
  }

  private creatorOf(steps: Step[]): StaffKey | null {
    if (this.story.createdBy) return this.story.createdBy;
    switch (this.story.channel) {
      case 'PHONE': {
        const firstClaim = steps.find((step) => step.kind === 'claim');
        if (!firstClaim || firstClaim.kind !== 'claim')
          throw new Error(`story "${this.story.subject}": a PHONE ticket needs createdBy or a claim`);
        return firstClaim.by;
      }
      case 'API':
        return 'andrea';
      default:
        return null;
    }
  }

  private creatorId(): string | null {
    if (this.creatorKey) return this.dir.staff[this.creatorKey].id;
    if (this.story.channel === 'PORTAL') return this.contact?.row.userId ?? null;
    return null;
  }

  private staffId(key: StaffKey): string {
    return this.dir.staff[key].id;
  }

  /** The user acting: a staff member, the customer's portal user (or nobody), or by default the responsible operator. */
  private actor(by: Actor | undefined): { id: string | null; staff: boolean } {
    if (by === 'customer') return { id: this.contact?.row.userId ?? null, staff: false };
    const key = by ?? this.claimedBy;
    if (!key) this.fail('a staff action on a ticket nobody has claimed (give "by")');
    return { id: this.staffId(key), staff: true };
  }

  private text(raw: string): string {
    return raw.replace(/\[\[([\w-]+)\]\]/g, (_, key: string) => {
      const number = this.dir.numbers.get(key);
      if (number === undefined) this.fail(`unknown ticket key [[${key}]]`);
      return ticketCode(number);
    });
  }

  private event(
    at: Date,
    actorId: string | null,
    type: TicketEventType,
    details: {
      field?: string;
      from?: string | null;
      to?: string | null;
      internal?: boolean;
      data?: Prisma.InputJsonObject;
    } = {},
  ): void {
    const previous = this.events.at(-1);
    if (previous && at.getTime() <= previous.createdAt.getTime()) this.fail(`events out of order at ${type}`);
    if (at.getTime() > this.dir.clock.now.getTime()) this.fail(`event ${type} after now`);
    this.events.push({
      id: uuidV7(at),
      ticketId: this.ticket.id,
      actorId,
      type,
      field: details.field ?? null,
      fromValue: details.from ?? null,
      toValue: details.to ?? null,
      internal: details.internal ?? false,
      data: details.data,
      createdAt: at,
    });
    if (
      type === 'CLAIMED' ||
      type === 'RELEASED' ||
      type === 'REASSIGNED' ||
      type === 'UPDATED' ||
      type === 'STATUS_CHANGED'
    ) {
      this.ticket.version += 1;
      this.ticket.updatedAt = at;
    }
  }

  private responded(at: Date): void {
    this.ticket.firstResponseAt ??= at;
  }

  private customerActive(at: Date): void {
    const last = this.ticket.lastCustomerActivityAt;
    if (!last || at > last) this.ticket.lastCustomerActivityAt = at;
  }

  private callRow(
    fields: Omit<CallRow, 'id' | 'customerId' | 'contactId' | 'ticketId' | 'callerNumber' | 'callerName'>,
  ): CallRow {
    const contact = this.contact;
    if (!contact?.seed.phone) this.fail('a call needs a contact with a phone number');
    const row: CallRow = {
      id: uuidV7(fields.startedAt),
      callerNumber: contact.seed.phone,
      callerName: contact.seed.name,
      customerId: this.customer.row.id,
      contactId: contact.row.id,
      ticketId: this.ticket.id,
      ...fields,
    };
    this.calls.push(row);
    return row;
  }

  private apply(step: Atomic, at: Date, next: Atomic | undefined): void {
    const ticket = this.ticket;
    switch (step.kind) {
      case 'linkCall': {
        const call = this.story.call!;
        const created = ticket.createdAt.getTime();
        const operator = this.creatorKey;
        if (!operator) this.fail('the call of a PHONE ticket needs an operator');
        const row =
          step.call === 'missed'
            ? this.callRow({
                direction: 'INBOUND',
                status: 'MISSED',
                operatorId: null,
                startedAt: new Date(created - this.msOf(call.missedBefore!)),
                answeredAt: null,
                endedAt: new Date(created - this.msOf(call.missedBefore!) + 25 * SECOND),
              })
            : this.callRow({
                direction: 'INBOUND',
                status: 'ENDED',
                operatorId: this.staffId(operator),
                startedAt: new Date(created - 50 * SECOND),
                answeredAt: new Date(created - 40 * SECOND),
                endedAt: new Date(Math.min(created + call.minutes * MINUTE, this.dir.clock.now.getTime() - MINUTE)),
              });
        this.event(at, this.staffId(operator), 'CALL_LINKED', { data: { callId: row.id, status: row.status } });
        return;
      }
      case 'claim': {
        if (this.claimedBy) this.fail(`claimed twice (use reassign)`);
        this.claimedBy = step.by;
        ticket.claimedById = this.staffId(step.by);
        ticket.claimedAt = at;
        this.event(at, ticket.claimedById, 'CLAIMED', { field: 'claimedById', to: ticket.claimedById });
        // On the phone or in a live chat, taking the request is already the first answer.
        if (ticket.channel === 'PHONE' || (ticket.channel === 'CHAT' && this.creatorKey)) this.responded(at);
        return;
      }
      case 'reassign': {
        if (!this.claimedBy) this.fail('reassigned before being claimed');
        const from = ticket.claimedById;
        this.claimedBy = step.to;
        ticket.claimedById = this.staffId(step.to);
        ticket.claimedAt = at;
        this.event(at, this.staffId(step.by), 'REASSIGNED', { field: 'claimedById', from, to: ticket.claimedById });
        return;
      }
      case 'status': {
        const from = ticket.status;
        const to = step.to;
        if (!this.claimedBy) this.fail(`${from} → ${to} before anyone claimed the ticket`);
        if (!canTransition(from, to)) this.fail(`${from} → ${to} is not an allowed move`);
        if (requirementsOf(from, to)?.note?.required && next?.kind !== 'note')
          this.fail(`${from} → ${to} needs a note right after`);
        if (ticket.paidIntervention && STATUSES_NEEDING_PAID_AGREEMENT.includes(to) && !ticket.paidAgreedAt) {
          this.fail(`paid intervention moved to ${to} before the customer agreed`);
        }
        const data: Prisma.InputJsonObject = {};
        if (to === 'DONE') {
          if (!step.solution || step.solution.trim().length < 10) this.fail('DONE needs a solution');
          ticket.solution = this.text(step.solution);
        } else if (step.solution) this.fail('a solution only goes with DONE');
        if (step.scheduledAt) {
          if (to !== 'RESCHEDULED' && to !== 'IN_PROGRESS') this.fail(`scheduledAt does not go with ${to}`);
          ticket.scheduledAt = resolveDate(this.dir.clock, step.scheduledAt, at);
          Object.assign(data, { scheduledAt: ticket.scheduledAt.toISOString() });
        } else if (to === 'RESCHEDULED') this.fail('RESCHEDULED needs a new date');
        if (to === 'RESCHEDULED' && ticket.scheduledAt! <= at) this.fail('the new date must be after the move');

        ticket.status = to;
        ticket.resolvedAt = to === 'DONE' ? at : null;
        ticket.closedAt = isClosedStatus(to) ? at : null;
        const actor = this.actor(step.by);
        if (to === 'DONE') Object.assign(data, { solution: ticket.solution });
        this.event(at, actor.id, 'STATUS_CHANGED', {
          field: 'status',
          from,
          to,
          ...(Object.keys(data).length > 0 ? { data } : {}),
        });
        if (actor.staff) this.responded(at);
        else this.customerActive(at);
        return;
      }
      case 'note': {
        const actor = this.actor(step.by);
        if (!actor.staff && step.visibility !== 'PUBLIC') this.fail('customers only write public notes');
        const note: NoteRow = {
          id: uuidV7(at),
          ticketId: ticket.id,
          authorId: actor.id,
          visibility: step.visibility,
          body: this.text(step.text),
          createdAt: at,
        };
        this.notes.push(note);
        this.event(at, actor.id, 'NOTE_ADDED', {
          internal: step.visibility === 'INTERNAL',
          data: actor.id || actor.staff ? { noteId: note.id } : { noteId: note.id, via: 'email' },
        });
        if (!actor.staff) this.customerActive(at);
        else if (step.visibility === 'PUBLIC') this.responded(at);
        return;
      }
      case 'assess': {
        const from = ticket.assessedPriority;
        ticket.assessedPriority = step.priority;
        this.event(at, this.actor(step.by).id, 'UPDATED', {
          field: 'assessedPriority',
          from: from === null ? null : String(from),
          to: String(step.priority),
        });
        return;
      }
      case 'assign': {
        const from = ticket.assigneeId;
        ticket.assigneeId = this.staffId(step.to);
        this.event(at, this.actor(step.by).id, 'UPDATED', { field: 'assigneeId', from, to: ticket.assigneeId });
        return;
      }
      case 'agree': {
        if (!ticket.paidIntervention) this.fail('agreement to pay on a ticket covered by a contract');
        if (ticket.paidAgreedAt) this.fail('agreed twice');
        const who = step.who ?? this.contact?.seed.name;
        if (!who) this.fail('who agreed to pay?');
        ticket.paidAgreedAt = at;
        ticket.paidAgreedBy = who;
        this.event(at, this.actor(step.by).id, 'UPDATED', {
          field: 'paidAgreedBy',
          to: who,
          data: { paidAgreedAt: at.toISOString() },
        });
        return;
      }
      case 'reminder': {
        const dueAt = resolveDate(this.dir.clock, step.due, at);
        if (dueAt <= at) this.fail('a reminder due before it was written');
        const reminder: ReminderRow = {
          id: uuidV7(at),
          ticketId: ticket.id,
          ownerId: this.staffId(step.owner),
          dueAt,
          text: this.text(step.text),
          doneAt: null,
          firedAt: null,
          createdAt: at,
        };
        this.reminders.push(reminder);
        this.event(at, reminder.ownerId, 'REMINDER_ADDED', {
          internal: true,
          data: { reminderId: reminder.id, dueAt: dueAt.toISOString(), text: reminder.text },
        });
        return;
      }
      case 'reminderDone': {
        const reminder = this.reminders.at(-1);
        if (!reminder || reminder.doneAt) this.fail('no open reminder to complete');
        reminder.doneAt = at;
        this.event(at, step.by ? this.staffId(step.by) : reminder.ownerId, 'REMINDER_COMPLETED', {
          internal: true,
          data: { reminderId: reminder.id },
        });
        return;
      }
      case 'call': {
        const previous = this.events.at(-1)!.createdAt.getTime();
        const startedAt = new Date(Math.max(at.getTime() - step.minutes * MINUTE - 15 * SECOND, previous + 1));
        const answeredAt = new Date(Math.min(startedAt.getTime() + 15 * SECOND, at.getTime() - 1));
        const row = this.callRow({
          direction: step.direction,
          status: 'ENDED',
          operatorId: this.staffId(step.by),
          startedAt,
          answeredAt,
          endedAt: at,
        });
        this.event(at, row.operatorId, 'CALL_LINKED', { data: { callId: row.id, status: row.status } });
        if (step.direction === 'INBOUND') this.customerActive(at);
        else this.responded(at);
        return;
      }
    }
  }

  private msOf(duration: string): number {
    const { workingDays, milliseconds } = parseDuration(duration);
    if (workingDays) this.fail(`"${duration}": use hours or minutes here`);
    return milliseconds;
  }

  private finish(): void {
    const ticket = this.ticket;
    const now = this.dir.clock.now;
    if (ticket.status === 'NEW' && this.claimedBy) this.fail('a NEW ticket is not claimed');
    if (ticket.status !== 'NEW' && !this.claimedBy) this.fail('a ticket past NEW must be claimed');
    if (ticket.status !== 'NEW' && ticket.assessedPriority === null)
      this.fail('a claimed ticket needs an assessed priority');
    if (ticket.status === 'RESCHEDULED' && !(ticket.scheduledAt && ticket.scheduledAt > now))
      this.fail('RESCHEDULED needs a future date');
    for (const reminder of this.reminders) {
      // The live notification went out at the due time, unless the reminder was done before.
      if (reminder.dueAt <= now && (!reminder.doneAt || reminder.doneAt > reminder.dueAt))
        reminder.firedAt = reminder.dueAt;
    }
  }
}

export function buildDemoPlan(now: Date = new Date()): DemoPlan {
  const clock = new DemoClock(now);
  const setUpAt = clock.after(clock.calendarDays(-45), '9h');
  let sequence = 0;
  /** Distinct, increasing creation times for the rows written "when the help desk was set up". */
  const setUp = (): Date => new Date(setUpAt.getTime() + (sequence += 1) * SECOND);

  const logins: DemoLogin[] = [];
  const users: UserRow[] = [];
  const staffOrder: StaffKey[] = ['andrea', 'francesca', 'giulia', 'marco', 'luca', 'sara'];
  const staff = {} as Record<StaffKey, UserRow>;
  for (const key of staffOrder) {
    const member = DEMO_STAFF[key];
    const createdAt = setUp();
    const row: UserRow = {
      id: uuidV7(createdAt),
      email: member.email,
      name: member.name,
      role: member.role,
      locale: member.locale ?? 'IT',
      createdAt,
    };
    staff[key] = row;
    users.push(row);
    logins.push({ role: member.role, name: member.name, email: member.email, password: DEMO_PASSWORD });
  }

  const queues: QueueRow[] = [];
  const categories: CategoryRow[] = [];
  const queueMap: Directory['queues'] = new Map();
  DEMO_QUEUES.forEach((queue, position) => {
    const createdAt = setUp();
    const row: QueueRow = {
      id: uuidV7(createdAt),
      name: queue.name,
      description: queue.description,
      position,
      createdAt,
    };
    queues.push(row);
    const byName = new Map<string, CategoryRow>();
    queue.categories.forEach((name, index) => {
      const category: CategoryRow = { id: uuidV7(createdAt), queueId: row.id, name, position: index };
      categories.push(category);
      byName.set(name, category);
    });
    queueMap.set(queue.name, { row, categories: byName });
  });

  const customers: CustomerRow[] = [];
  const contacts: ContactRow[] = [];
  const customerMap: Directory['customers'] = new Map();
  const contactMap: Directory['contacts'] = new Map();
  for (const [customerKey, seed] of Object.entries(DEMO_CUSTOMERS)) {
    const createdAt = setUp();
    const contract = seed.contract;
    const row: CustomerRow = {
      id: uuidV7(createdAt),
      name: seed.name,
      vatNumber: seed.vatNumber,
      email: seed.email,
      phone: seed.phone,
      address: seed.address,
      contractState: contract.state,
      contractKind: contract.state === 'NONE' ? null : contract.kind,
      contractEndsAt: contract.state === 'NONE' ? null : clock.calendarDays(contract.endsInDays),
      createdAt,
    };
    if (contract.state === 'ACTIVE' && contract.endsInDays <= 0)
      throw new Error(`${seed.name}: an active contract ends in the future`);
    if (contract.state === 'EXPIRED' && contract.endsInDays >= 0)
      throw new Error(`${seed.name}: an expired contract ended in the past`);
    customers.push(row);
    customerMap.set(customerKey, { row, seed, covered: contract.state === 'ACTIVE' });
    for (const [contactKey, contact] of Object.entries(seed.contacts)) {
      if (contactMap.has(contactKey)) throw new Error(`contact key "${contactKey}" used twice`);
      const contactCreatedAt = setUp();
      let userId: string | null = null;
      if (contact.portalUser) {
        if (!contact.email) throw new Error(`${contact.name}: a portal user needs an email`);
        const user: UserRow = {
          id: uuidV7(contactCreatedAt),
          email: contact.email,
          name: contact.name,
          role: 'CUSTOMER',
          locale: contact.locale ?? 'IT',
          createdAt: contactCreatedAt,
        };
        users.push(user);
        userId = user.id;
        logins.push({ role: 'CUSTOMER', name: contact.name, email: contact.email, password: DEMO_PASSWORD });
      }
      const contactRow: ContactRow = {
        id: uuidV7(contactCreatedAt),
        customerId: row.id,
        name: contact.name,
        email: contact.email ?? null,
        phone: contact.phone ?? null,
        locale: contact.locale ?? 'IT',
        userId,
        createdAt: contactCreatedAt,
      };
      contacts.push(contactRow);
      contactMap.set(contactKey, { key: contactKey, row: contactRow, seed: contact, customerKey });
    }
  }

  // Tickets: oldest first, numbered in that order.
  const dated = DEMO_STORIES.map((story, index) => ({ story, index, createdAt: resolveWhen(clock, story.at) }));
  dated.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.index - b.index);
  const numbers = new Map<string, number>();
  dated.forEach(({ story }, index) => {
    if (story.key === undefined) return;
    if (numbers.has(story.key)) throw new Error(`story key "${story.key}" used twice`);
    numbers.set(story.key, index + 1);
  });

  const dir: Directory = { clock, staff, customers: customerMap, contacts: contactMap, queues: queueMap, numbers };
  const tickets: TicketRow[] = [];
  const events: EventRow[] = [];
  const notes: NoteRow[] = [];
  const reminders: ReminderRow[] = [];
  const calls: CallRow[] = [];
  const builders = new Map<string, TicketBuilder>();
  let previousCreatedAt = 0;
  dated.forEach(({ story, createdAt }, index) => {
    // Two tickets opened in the same millisecond would make "numbers follow time" ambiguous.
    const at = new Date(Math.max(createdAt.getTime(), previousCreatedAt + SECOND));
    previousCreatedAt = at.getTime();
    if (at > now) throw new Error(`story "${story.subject}" opens in the future`);
    const builder = new TicketBuilder(dir, story, index + 1, at);
    if (story.key) builders.set(story.key, builder);
    tickets.push(builder.ticket);
    notes.push(...builder.notes);
    reminders.push(...builder.reminders);
    calls.push(...builder.calls);
    events.push(...builder.events);
  });

  const contactOf = (key: string): ContactInfo => {
    const contact = contactMap.get(key);
    if (!contact) throw new Error(`unknown contact "${key}"`);
    return contact;
  };

  for (const call of DEMO_PAST_CALLS) {
    const startedAt = clock.workdaysAgo(call.at.workdaysAgo, call.at.at);
    const contact = 'contact' in call.from ? contactOf(call.from.contact) : undefined;
    const number = 'number' in call.from ? call.from.number : contact!.seed.phone;
    if (!number) throw new Error('a past call needs a number');
    const answeredAt = call.status === 'ENDED' ? new Date(startedAt.getTime() + 12 * SECOND) : null;
    calls.push({
      id: uuidV7(startedAt),
      direction: call.direction,
      callerNumber: number,
      callerName: contact?.seed.name ?? null,
      status: call.status,
      operatorId: call.operator ? staff[call.operator].id : null,
      customerId: contact ? customerMap.get(contact.customerKey)!.row.id : null,
      contactId: contact?.row.id ?? null,
      ticketId: null,
      startedAt,
      answeredAt,
      endedAt: answeredAt
        ? new Date(answeredAt.getTime() + (call.minutes ?? 1) * MINUTE)
        : new Date(startedAt.getTime() + 25 * SECOND),
    });
  }

  for (const live of DEMO_LIVE_CALLS) {
    const startedAt = clock.ago(live.startedAgo);
    const contact = live.contact ? contactOf(live.contact) : undefined;
    const number = live.number ?? contact?.seed.phone;
    if (!number) throw new Error('a live call needs a number');
    const answeredAt = live.status === 'ACTIVE' ? clock.ago(live.answeredAgo ?? live.startedAgo) : null;
    const builder = live.ticket ? builders.get(live.ticket) : undefined;
    if (live.ticket && !builder) throw new Error(`live call: unknown ticket "${live.ticket}"`);
    const row: CallRow = {
      id: uuidV7(startedAt),
      direction: 'INBOUND',
      callerNumber: number,
      callerName: contact?.seed.name ?? null,
      status: live.status,
      operatorId: live.status === 'ACTIVE' && live.operator ? staff[live.operator].id : null,
      customerId: contact ? customerMap.get(contact.customerKey)!.row.id : null,
      contactId: contact?.row.id ?? null,
      ticketId: builder?.ticket.id ?? null,
      startedAt,
      answeredAt,
      endedAt: null,
    };
    if (live.status === 'ACTIVE' && !row.operatorId) throw new Error('an active call has an operator');
    calls.push(row);
    if (builder && answeredAt) {
      // The operator found the caller's open ticket and linked it, half a minute into the call.
      const linkedAt = new Date(answeredAt.getTime() + 30 * SECOND);
      const last = builder.events.at(-1)!;
      if (linkedAt <= last.createdAt || linkedAt > now) throw new Error('live call linked out of order');
      events.push({
        id: uuidV7(linkedAt),
        ticketId: builder.ticket.id,
        actorId: row.operatorId,
        type: 'CALL_LINKED',
        field: null,
        fromValue: null,
        toValue: null,
        internal: false,
        data: { callId: row.id, status: row.status },
        createdAt: linkedAt,
      });
      builder.ticket.lastCustomerActivityAt = answeredAt;
    }
  }

  return {
    now: clock.now,
    logins,
    users,
    customers,
    contacts,
    queues,
    categories,
    tickets,
    events,
    notes,
    reminders,
    calls,
  };
}
