import { filter, pipe, Repeater } from 'graphql-yoga';
import type { Prisma, TicketEvent, TicketStatus } from '@sportello/db';
import { createSharedLoader } from '../shared-load.ts';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { notFound } from '../errors.ts';
import { pubsub, type TicketEventMessage } from '../pubsub.ts';
import { canSeeTicket, visibleEvents, visibleNotes, visibleTickets } from '../domain/access.ts';
import type { Viewer } from '../domain/identity.ts';
import {
  allowedTransitions,
  CLOSED_TICKET_STATUSES,
  OPEN_TICKET_STATUSES,
  requirementsOf,
} from '../domain/lifecycle.ts';
import { storeAttachments } from '../domain/storage.ts';
import { formatTicketCode, parseTicketCode } from '../domain/ticket-code.ts';
import {
  claimTicket,
  createTicket,
  reassignTicket,
  releaseTicket,
  transitionTicket,
  updateTicket,
  type TicketChange,
} from '../domain/tickets.ts';
import { ChannelEnum, NoteVisibilityEnum, TicketEventTypeEnum, TicketStatusEnum } from './enums.ts';
import { id, stars, text } from './validation.ts';

export const TicketType = builder.prismaObject('Ticket', {
  // Select mode: a list reads the columns its fields ask for, not every ticket's description, solution and SLA history.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.string({
      description: 'HT + five digits, e.g. HT00191.',
      select: { number: true },
      resolve: (ticket) => formatTicketCode(ticket.number),
    }),
    number: t.exposeInt('number'),
    queue: t.relation('queue'),
    category: t.relation('category', { nullable: true }),
    requestedPriority: t.exposeInt('requestedPriority', { description: '0–3 stars, as asked by the customer.' }),
    assessedPriority: t.exposeInt('assessedPriority', {
      nullable: true,
      description: '0–3 stars, as assessed by the responsible operator.',
    }),
    priority: t.int({
      description: 'The assessed priority once there is one, the requested one before.',
      select: { assessedPriority: true, requestedPriority: true },
      resolve: (ticket) => ticket.assessedPriority ?? ticket.requestedPriority,
    }),
    channel: t.expose('channel', { type: ChannelEnum }),
    placeAndWhat: t.exposeString('placeAndWhat', {
      description: '"Luogo e cosa": where, and what the request is about.',
    }),
    subject: t.exposeString('subject'),
    description: t.exposeString('description'),
    status: t.expose('status', { type: TicketStatusEnum }),
    claimedBy: t.relation('claimedBy', {
      nullable: true,
      description: 'Who took the ticket in charge ("presa in carico").',
    }),
    claimedAt: t.expose('claimedAt', { type: 'DateTime', nullable: true }),
    assignee: t.relation('assignee', { nullable: true, description: 'The technician doing the work.' }),
    customer: t.relation('customer', { nullable: true }),
    contact: t.relation('contact', { nullable: true }),
    createdBy: t.relation('createdBy', { nullable: true, authScopes: { staff: true } }),
    paidIntervention: t.exposeBoolean('paidIntervention', {
      description: 'No active contract: the intervention is paid.',
    }),
    paidAgreedAt: t.expose('paidAgreedAt', { type: 'DateTime', nullable: true }),
    paidAgreedBy: t.exposeString('paidAgreedBy', { nullable: true }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime', nullable: true }),
    solution: t.exposeString('solution', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    firstResponseAt: t.expose('firstResponseAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    lastCustomerActivityAt: t.expose('lastCustomerActivityAt', { type: 'DateTime', nullable: true }),
    version: t.exposeInt('version', { description: 'Send it back with every change: a stale version is rejected.' }),
    allowedTransitions: t.field({
      type: [TransitionOption],
      description: 'Where the ticket may go from its current status, and what each move requires.',
      authScopes: { staff: true },
      select: { status: true },
      resolve: (ticket) => allowedTransitions(ticket.status).map((to) => ({ from: ticket.status, to })),
    }),
    notes: t.relation('notes', {
      description: 'Notes, oldest first. Customers see only PUBLIC ones.',
      query: (_args, { viewer }) => ({ where: visibleNotes(viewer!), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    }),
    events: t.relation('events', {
      description: 'The timeline, oldest first. Customers do not see internal entries.',
      query: (_args, { viewer }) => ({ where: visibleEvents(viewer!), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    }),
    attachments: t.relation('attachments', {
      description: 'Files sent with the request itself (the files of a note are under the note).',
      query: { where: { noteId: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    reminders: t.relation('reminders', {
      authScopes: { staff: true },
      query: { orderBy: [{ doneAt: { sort: 'desc', nulls: 'first' } }, { dueAt: 'asc' }] },
    }),
    calls: t.relation('calls', { authScopes: { staff: true }, query: { orderBy: { startedAt: 'asc' } } }),
  }),
});

const TransitionOption = builder.objectRef<{ from: TicketStatus; to: TicketStatus }>('TransitionOption').implement({
  description: 'A status the ticket may move to, with what the move requires (for building the dialog).',
  fields: (t) => ({
    to: t.field({ type: TicketStatusEnum, resolve: (option) => option.to }),
    requiresSolution: t.boolean({ resolve: ({ from, to }) => requirementsOf(from, to)?.solution?.required ?? false }),
    requiresNote: t.boolean({ resolve: ({ from, to }) => requirementsOf(from, to)?.note?.required ?? false }),
    acceptsNote: t.boolean({ resolve: ({ from, to }) => requirementsOf(from, to)?.note !== undefined }),
    requiresScheduledAt: t.boolean({
      resolve: ({ from, to }) => requirementsOf(from, to)?.scheduledAt?.required ?? false,
    }),
    acceptsScheduledAt: t.boolean({ resolve: ({ from, to }) => requirementsOf(from, to)?.scheduledAt !== undefined }),
  }),
});

builder.prismaObject('TicketEvent', {
  description: 'One entry of a ticket’s append-only timeline: who changed what, when, from what to what.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.expose('type', { type: TicketEventTypeEnum }),
    field: t.exposeString('field', { nullable: true }),
    fromValue: t.exposeString('fromValue', { nullable: true }),
    toValue: t.exposeString('toValue', { nullable: true }),
    internal: t.exposeBoolean('internal'),
    noteId: t.id({
      nullable: true,
      select: { data: true },
      resolve: (event, _args, { viewer }) => {
        const data = event.data as { noteId?: string; noteVisibility?: string } | null;
        // A status change stays visible to the customer, but the internal note that came with it does not.
        if (!viewer?.isStaff && data?.noteVisibility === 'INTERNAL') return null;
        return data?.noteId ?? null;
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    actor: t.relation('actor', { nullable: true }),
    ticket: t.relation('ticket'),
  }),
});

// ---------------------------------------------------------------------------------------------------------------
// Queries

const TicketFilter = builder.inputType('TicketFilter', {
  fields: (t) => ({
    queueId: t.id({ validate: id }),
    status: t.field({ type: [TicketStatusEnum], description: 'Any of these statuses.' }),
    open: t.boolean({ description: 'true: not DONE nor CANCELLED; false: only those.' }),
    claimedById: t.id({ validate: id }),
    mine: t.boolean({ description: 'Tickets you took in charge.' }),
    unclaimed: t.boolean({ description: 'Tickets nobody took in charge yet.' }),
    minPriority: t.int({ validate: stars('The priority') }),
    customerId: t.id({ validate: id }),
    search: t.string({
      description: 'A ticket code (HT00191) or words in the subject, description or place.',
      validate: text(0, 200, 'The search'),
    }),
  }),
});

const TicketOrderField = builder.enumType('TicketOrderField', {
  values: ['CREATED_AT', 'UPDATED_AT', 'PRIORITY', 'NUMBER', 'STATUS'] as const,
});
const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
const TicketOrder = builder.inputType('TicketOrder', {
  fields: (t) => ({
    field: t.field({ type: TicketOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'DESC' }),
  }),
});

type TicketFilterShape = typeof TicketFilter.$inferInput;

function ticketWhere(viewer: Viewer, filterInput: TicketFilterShape | null | undefined): Prisma.TicketWhereInput {
  const conditions: Prisma.TicketWhereInput[] = [visibleTickets(viewer)];
  const f = filterInput ?? {};
  if (f.queueId) conditions.push({ queueId: f.queueId });
  if (f.status?.length) conditions.push({ status: { in: f.status } });
  // Both as `IN` lists: unlike `NOT IN`, they can use the index on status (the open tickets are few of many).
  if (f.open === true) conditions.push({ status: { in: [...OPEN_TICKET_STATUSES] } });
  if (f.open === false) conditions.push({ status: { in: [...CLOSED_TICKET_STATUSES] } });
  if (f.claimedById) conditions.push({ claimedById: f.claimedById });
  if (f.mine) conditions.push({ claimedById: viewer.id });
  if (f.unclaimed) conditions.push({ claimedById: null });
  if (f.minPriority != null) {
    conditions.push({
      OR: [
        { assessedPriority: { gte: f.minPriority } },
        { assessedPriority: null, requestedPriority: { gte: f.minPriority } },
      ],
    });
  }
  if (f.customerId) conditions.push({ customerId: f.customerId });
  const search = f.search?.trim();
  if (search) {
    const number = parseTicketCode(search);
    conditions.push({
      OR: [
        ...(number ? [{ number }] : []),
        { subject: { contains: search, mode: 'insensitive' } },
        { description: { contains: search, mode: 'insensitive' } },
        { placeAndWhat: { contains: search, mode: 'insensitive' } },
      ],
    });
  }
  return { AND: conditions };
}

/**
 * `ticketWhere`, except that open tickets are those without a closing time, which is the same (a status change sets
 * and clears it, lifecycle's timestampsFor) but lets the database read a page of them in order from the partial
 * indexes of migration open_ticket_lists. The status list cannot: it reaches the planner as casts of parameters,
 * which it neither matches against an index predicate nor, beside another condition, estimates well.
 */
function listWhere(viewer: Viewer, filterInput: TicketFilterShape | null | undefined): Prisma.TicketWhereInput {
  if (filterInput?.open !== true) return ticketWhere(viewer, filterInput);
  return { AND: [ticketWhere(viewer, { ...filterInput, open: undefined }), { closedAt: null }] };
}

function ticketOrderBy(
  order: typeof TicketOrder.$inferInput | null | undefined,
): Prisma.TicketOrderByWithRelationInput[] {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  // The id breaks ties so that pages never skip or repeat a ticket.
  switch (order?.field) {
    case 'UPDATED_AT':
      return [{ updatedAt: direction }, { id: direction }];
    case 'PRIORITY':
      return [
        { assessedPriority: { sort: direction, nulls: 'last' } },
        { requestedPriority: direction },
        { createdAt: 'asc' },
        { id: 'asc' },
      ];
    case 'NUMBER':
      return [{ number: direction }];
    case 'STATUS':
      return [{ status: direction }, { createdAt: 'desc' }, { id: 'desc' }];
    default:
      return [{ createdAt: direction }, { id: direction }];
  }
}

const TicketCount = builder
  .objectRef<{ queueId: string; status: TicketStatus; count: number }>('TicketCount')
  .implement({
    fields: (t) => ({
      queueId: t.exposeID('queueId'),
      status: t.field({ type: TicketStatusEnum, resolve: (row) => row.status }),
      count: t.exposeInt('count'),
    }),
  });

builder.queryFields((t) => ({
  tickets: t.prismaConnection({
    type: 'Ticket',
    cursor: 'id',
    description: 'Tickets you may see, filtered and sorted (newest first by default).',
    authScopes: { authenticated: true },
    args: {
      filter: t.arg({ type: TicketFilter }),
      orderBy: t.arg({ type: TicketOrder }),
    },
    resolve: (query, _root, args, { viewer }) =>
      db.ticket.findMany({ ...query, where: listWhere(viewer!, args.filter), orderBy: ticketOrderBy(args.orderBy) }),
  }),
  ticket: t.prismaField({
    type: 'Ticket',
    description: 'One ticket, by its code (HT00191) or its id.',
    authScopes: { authenticated: true },
    args: {
      code: t.arg.string({ validate: text(1, 20, 'The ticket code') }),
      id: t.arg.id({ validate: id }),
    },
    resolve: async (query, _root, args, { viewer }) => {
      const number = args.code ? parseTicketCode(args.code) : null;
      if (!args.id && number === null) throw notFound('Ticket');
      const ticket = await db.ticket.findFirst({
        ...query,
        where: { AND: [visibleTickets(viewer!), args.id ? { id: args.id } : { number: number! }] },
      });
      if (!ticket) throw notFound('Ticket');
      return ticket;
    },
  }),
  ticketCounts: t.field({
    type: [TicketCount],
    description: 'How many tickets there are per queue and status (the wallboard’s counters).',
    authScopes: { authenticated: true },
    args: { filter: t.arg({ type: TicketFilter }) },
    resolve: async (_root, args, { viewer }) => {
      const rows = await db.ticket.groupBy({
        by: ['queueId', 'status'],
        where: ticketWhere(viewer!, args.filter),
        _count: { _all: true },
        orderBy: [{ queueId: 'asc' }, { status: 'asc' }],
      });
      return rows.map((row) => ({ queueId: row.queueId, status: row.status, count: row._count._all }));
    },
  }),
}));

// ---------------------------------------------------------------------------------------------------------------
// Mutations

const CreateTicketInput = builder.inputType('CreateTicketInput', {
  fields: (t) => ({
    queueId: t.id({ required: true, validate: id }),
    categoryId: t.id({ validate: id }),
    customerId: t.id({ validate: id }),
    contactId: t.id({ validate: id }),
    channel: t.field({ type: ChannelEnum, description: 'Defaults to PHONE for staff; always PORTAL for customers.' }),
    subject: t.string({ required: true, validate: text(3, 200, 'The subject') }),
    placeAndWhat: t.string({ required: true, validate: text(3, 300, 'The place and what') }),
    description: t.string({
      required: true,
      description: 'Clear enough for a third party (an external supplier) to understand. One problem per ticket.',
      validate: text(10, 20_000, 'The description'),
    }),
    requestedPriority: t.int({ validate: stars('The priority') }),
    assessedPriority: t.int({ validate: stars('The assessed priority') }),
    paidAgreedBy: t.string({
      description: 'Who agreed to the paid intervention (customers without a contract).',
      validate: text(2, 120, 'The name'),
    }),
    acceptPaidIntervention: t.boolean({
      description:
        'Customers without an active contract, in the portal: true to accept that the assistance is a paid ' +
        'intervention to be agreed (required for them; the ticket records who accepted, and when).',
    }),
    attachments: t.field({
      type: ['File'],
      description: 'Photos of the problem, screenshots, PDF or text files sent with the request (multipart request).',
    }),
    callId: t.id({ description: 'The phone call this ticket comes from.', validate: id }),
    solution: t.string({
      description: 'Solved during the call: the ticket is created taken in charge and DONE, with this solution.',
      validate: text(10, 10_000, 'The solution'),
    }),
  }),
});

const UpdateTicketInput = builder.inputType('UpdateTicketInput', {
  fields: (t) => ({
    version: t.int({ required: true }),
    queueId: t.id({ validate: id }),
    categoryId: t.id({ validate: id }),
    customerId: t.id({ validate: id }),
    contactId: t.id({ validate: id }),
    subject: t.string({ validate: text(3, 200, 'The subject') }),
    placeAndWhat: t.string({ validate: text(3, 300, 'The place and what') }),
    description: t.string({ validate: text(10, 20_000, 'The description') }),
    requestedPriority: t.int({ validate: stars('The priority') }),
    assessedPriority: t.int({ validate: stars('The assessed priority') }),
    assigneeId: t.id({ validate: id }),
    paidAgreedBy: t.string({ validate: text(2, 120, 'The name') }),
  }),
});

const TransitionInput = builder.inputType('TransitionTicketInput', {
  fields: (t) => ({
    to: t.field({ type: TicketStatusEnum, required: true }),
    version: t.int({ required: true }),
    solution: t.string({ description: 'How it was solved (required for DONE).' }),
    note: t.string({
      description:
        'The reason (CANCELLED, reopening), the details (COMPLAINT) or what must change (CHANGES_REQUESTED).',
    }),
    noteVisibility: t.field({ type: NoteVisibilityEnum }),
    scheduledAt: t.field({ type: 'DateTime', description: 'The new date (required for RESCHEDULED).' }),
  }),
});

/** Mutations return the ticket as it is after the change, loaded with what the client selected. */
const reload = (query: { include?: Prisma.TicketInclude; select?: Prisma.TicketSelect }, change: TicketChange) =>
  db.ticket.findUniqueOrThrow({ ...query, where: { id: change.ticket.id } });

const staffWriter = { $all: { staff: true, writer: true } } as const;

builder.mutationFields((t) => ({
  createTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { $all: { authenticated: true, writer: true } },
    args: { input: t.arg({ type: CreateTicketInput, required: true }) },
    resolve: async (query, _root, { input }, { viewer }) => {
      const stored = await storeAttachments(input.attachments ?? []);
      let change: TicketChange;
      try {
        change = await createTicket(viewer!, { ...input, attachments: stored.records });
      } catch (error) {
        // Not recorded: leave no orphan file behind.
        await stored.discard();
        throw error;
      }
      return reload(query, change);
    },
  }),
  updateTicket: t.prismaField({
    type: 'Ticket',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }), input: t.arg({ type: UpdateTicketInput, required: true }) },
    resolve: async (query, _root, { id: ticketId, input }, { viewer }) =>
      reload(query, await updateTicket(viewer!, ticketId, { ...input, expectedVersion: input.version })),
  }),
  claimTicket: t.prismaField({
    type: 'Ticket',
    description: 'Takes the ticket in charge ("presa in carico"). Of operators claiming at once exactly one wins.',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }), version: t.arg.int() },
    resolve: async (query, _root, args, { viewer }) => reload(query, await claimTicket(viewer!, args.id, args.version)),
  }),
  releaseTicket: t.prismaField({
    type: 'Ticket',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }), version: t.arg.int() },
    resolve: async (query, _root, args, { viewer }) =>
      reload(query, await releaseTicket(viewer!, args.id, args.version)),
  }),
  reassignTicket: t.prismaField({
    type: 'Ticket',
    description: 'Supervisors give a ticket to another operator, or take it back from everyone with operatorId null.',
    authScopes: { $all: { supervisor: true, writer: true } },
    args: {
      id: t.arg.id({ required: true, validate: id }),
      operatorId: t.arg.id({ validate: id }),
      version: t.arg.int(),
    },
    resolve: async (query, _root, args, { viewer }) =>
      reload(query, await reassignTicket(viewer!, args.id, args.operatorId ?? null, args.version)),
  }),
  transitionTicket: t.prismaField({
    type: 'Ticket',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }), input: t.arg({ type: TransitionInput, required: true }) },
    resolve: async (query, _root, { id: ticketId, input }, { viewer }) =>
      reload(query, await transitionTicket(viewer!, ticketId, { ...input, expectedVersion: input.version })),
  }),
}));

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions

function canReceive(viewer: Viewer, message: TicketEventMessage) {
  return (
    viewer.isStaff || (!message.internal && message.customerId !== null && message.customerId === viewer.customerId)
  );
}

/** All subscribers of one event load it once per instance (see createSharedLoader). */
const loadPublishedEvent = createSharedLoader<TicketEvent>(5000);

builder.subscriptionFields((t) => ({
  ticketEvents: t.prismaField({
    type: 'TicketEvent',
    description: 'Every change to the tickets you may see, as it is committed; optionally of one queue only.',
    authScopes: { authenticated: true },
    args: { queueId: t.arg.id({ validate: id }) },
    subscribe: (_root, args, { viewer }) => {
      const events = pubsub.subscribe('ticketEvent');
      // Staff following every queue (the wallboard) receive every event: no filtering stage for thousands of them
      // to pass each event through (each stage is a Repeater, whose push was ~15% of a fan-out's CPU).
      if (viewer!.isStaff && !args.queueId) return events;
      return pipe(
        events,
        filter((message) => canReceive(viewer!, message) && (!args.queueId || message.queueId === args.queueId)),
      );
    },
    // The event is what changed; its `ticket` is the ticket as it is when the event is delivered (ids, not rows,
    // travel through the pub/sub). ticketUpdated follows one ticket's state.
    resolve: (query, message: TicketEventMessage) =>
      loadPublishedEvent(`${message.eventId}:${JSON.stringify(query)}`, () =>
        db.ticketEvent.findUniqueOrThrow({ ...query, where: { id: message.eventId } }),
      ),
  }),
  ticketUpdated: t.prismaField({
    type: 'Ticket',
    description: 'One ticket: its current state first, then again after every change.',
    authScopes: { authenticated: true },
    args: { code: t.arg.string({ required: true, validate: text(1, 20, 'The ticket code') }) },
    subscribe: (_root, args, { viewer }) =>
      new Repeater<{ ticketId: string }>(async (push, stop) => {
        const number = parseTicketCode(args.code);
        const ticket = number
          ? await db.ticket.findUnique({ where: { number }, select: { id: true, customerId: true } })
          : null;
        if (!ticket || !canSeeTicket(viewer!, ticket)) {
          stop(notFound('Ticket'));
          return;
        }
        // Subscribe before reading the current state, so that no change can slip in between. The pubsub only
        // starts listening at the first next(), so ask for it now, not once the current state has been sent.
        const changes = pubsub.subscribe('ticketEvent');
        const first = changes.next();
        await push({ ticketId: ticket.id });
        stop.then(() => changes.return?.());
        for (let result = await first; !result.done; result = await changes.next()) {
          const message = result.value;
          if (message.ticketId === ticket.id && canReceive(viewer!, message)) await push({ ticketId: ticket.id });
        }
      }),
    resolve: (query, message: { ticketId: string }) =>
      db.ticket.findUniqueOrThrow({ ...query, where: { id: message.ticketId } }),
  }),
}));
