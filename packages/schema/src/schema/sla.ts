import { filter, pipe } from 'graphql-yoga';
import { SlaContractMatch, type Prisma } from '@sportello/db';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { db } from '../db.ts';
import { notFound, validationError, type ValidationIssue } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import type { BusinessCalendarInput, IsoWeekday } from '../domain/sla/calendar.ts';
import type { SlaTargetStatus } from '../domain/sla/clock.ts';
import { calendarOf, DEFAULT_PAUSED_STATUSES, validatePolicy, type StoredPolicy } from '../domain/sla/policy.ts';
import { loadedTicketOf, loadPolicies, slaOf, slaTicketSelect, type TicketSla } from '../domain/sla/tickets.ts';
import { TicketStatusEnum } from './enums.ts';
import { id, text } from './validation.ts';

const SlaStateEnum = builder.enumType('SlaState', {
  values: ['RUNNING', 'PAUSED', 'MET', 'BREACHED', 'AT_RISK'] as const,
  description: 'AT_RISK: running, with at most the policy’s at-risk fraction of the target left.',
});
const SlaContractMatchEnum = builder.enumType(SlaContractMatch, {
  name: 'SlaContractMatch',
  description: 'A contract kind (active contracts), or NO_CONTRACT for customers without an active contract.',
});

// ---------------------------------------------------------------------------------------------------------------
// Policies

const SlaOpeningHours = builder
  .objectRef<{ weekday: number; intervals: readonly string[] }>('SlaOpeningHours')
  .implement({
    fields: (t) => ({
      weekday: t.exposeInt('weekday', { description: '1 = Monday … 7 = Sunday.' }),
      intervals: t.stringList({ resolve: (day) => [...day.intervals], description: "Local times 'HH:mm-HH:mm'." }),
    }),
  });

const SlaCalendar = builder.objectRef<ReturnType<typeof calendarOf>['config']>('SlaCalendar').implement({
  description: 'When the SLA clocks run: a business calendar in a time zone, or 24/7.',
  fields: (t) => ({
    timeZone: t.exposeString('timeZone'),
    alwaysOpen: t.exposeBoolean('alwaysOpen'),
    weeklyHours: t.field({
      type: [SlaOpeningHours],
      resolve: (config) =>
        Object.entries(config.weeklyHours)
          .map(([weekday, intervals]) => ({ weekday: Number(weekday), intervals: intervals ?? [] }))
          .sort((a, b) => a.weekday - b.weekday),
    }),
    italianHolidays: t.boolean({ resolve: (config) => config.holidays.italianNational }),
    extraClosures: t.stringList({ resolve: (config) => [...config.holidays.extra] }),
    recurringClosures: t.stringList({ resolve: (config) => [...config.holidays.recurring] }),
  }),
});

export const SlaPolicyType = builder.prismaObject('SlaPolicy', {
  description: 'Service level targets. The first active policy (by position) whose criteria all match applies.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    position: t.exposeInt('position'),
    active: t.exposeBoolean('active'),
    queue: t.relation('queue', { nullable: true, description: 'Only tickets of this queue; any queue when null.' }),
    priority: t.exposeInt('priority', {
      nullable: true,
      description: 'Only tickets of this effective priority (assessed, else requested); any when null.',
    }),
    contract: t.expose('contract', { type: SlaContractMatchEnum, nullable: true }),
    firstResponseSeconds: t.exposeInt('firstResponseSeconds', { nullable: true }),
    nextResponseSeconds: t.exposeInt('nextResponseSeconds', { nullable: true }),
    resolutionSeconds: t.exposeInt('resolutionSeconds', { nullable: true }),
    calendar: t.field({
      type: SlaCalendar,
      select: { calendar: true },
      resolve: (policy) => calendarOf(policy).config,
    }),
    pausedStatuses: t.field({ type: [TicketStatusEnum], resolve: (policy) => policy.pausedStatuses }),
    atRiskFraction: t.exposeFloat('atRiskFraction'),
    notifyOnAtRisk: t.exposeBoolean('notifyOnAtRisk'),
    notifyOnBreach: t.exposeBoolean('notifyOnBreach', { description: 'Tell the supervisors of a breach.' }),
    raisePriorityOnBreach: t.exposeBoolean('raisePriorityOnBreach', {
      description: 'Raise the assessed priority by one star on a breach.',
    }),
    reassignOnBreachTo: t.relation('reassignOnBreachTo', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const OpeningHoursInput = builder.inputType('SlaOpeningHoursInput', {
  fields: (t) => ({
    weekday: t.int({ required: true }),
    intervals: t.stringList({ required: true }),
  }),
});

const SlaCalendarInput = builder.inputType('SlaCalendarInput', {
  description: 'Missing fields take the defaults: Europe/Rome, Mon–Fri 09–13 and 14–18, Italian national holidays.',
  fields: (t) => ({
    timeZone: t.string(),
    alwaysOpen: t.boolean(),
    weeklyHours: t.field({ type: [OpeningHoursInput] }),
    italianHolidays: t.boolean(),
    extraClosures: t.stringList({ description: "Local dates 'YYYY-MM-DD'." }),
    recurringClosures: t.stringList({ description: "Every year, 'MM-DD'." }),
  }),
});

const policyFields = (required: boolean) =>
  builder.inputType(required ? 'CreateSlaPolicyInput' : 'UpdateSlaPolicyInput', {
    fields: (t) => ({
      name: t.string({ required, validate: text(2, 120, 'The name') }),
      position: t.int({ description: 'Lower first. New policies go first by default.' }),
      active: t.boolean(),
      queueId: t.id({ validate: id }),
      priority: t.int(),
      contract: t.field({ type: SlaContractMatchEnum }),
      firstResponseSeconds: t.int(),
      nextResponseSeconds: t.int(),
      resolutionSeconds: t.int(),
      calendar: t.field({ type: SlaCalendarInput }),
      pausedStatuses: t.field({ type: [TicketStatusEnum] }),
      atRiskFraction: t.float(),
      notifyOnAtRisk: t.boolean(),
      notifyOnBreach: t.boolean(),
      raisePriorityOnBreach: t.boolean(),
      reassignOnBreachToId: t.id({ validate: id }),
    }),
  });
const CreateSlaPolicyInput = policyFields(true);
const UpdateSlaPolicyInput = policyFields(false);
type PolicyInput = typeof UpdateSlaPolicyInput.$inferInput;

function calendarConfig(input: typeof SlaCalendarInput.$inferInput): BusinessCalendarInput {
  const config: {
    timeZone?: string;
    alwaysOpen?: boolean;
    weeklyHours?: Partial<Record<IsoWeekday, string[]>>;
    holidays?: { italianNational?: boolean; extra?: string[]; recurring?: string[] };
  } = {};
  if (input.timeZone != null) config.timeZone = input.timeZone;
  if (input.alwaysOpen != null) config.alwaysOpen = input.alwaysOpen;
  if (input.weeklyHours != null) {
    const hours: Record<string, string[]> = {};
    for (const day of input.weeklyHours) hours[String(day.weekday)] = [...(hours[day.weekday] ?? []), ...day.intervals];
    config.weeklyHours = hours;
  }
  const holidays: NonNullable<typeof config.holidays> = {};
  if (input.italianHolidays != null) holidays.italianNational = input.italianHolidays;
  if (input.extraClosures != null) holidays.extra = input.extraClosures;
  if (input.recurringClosures != null) holidays.recurring = input.recurringClosures;
  if (Object.keys(holidays).length) config.holidays = holidays;
  return config as BusinessCalendarInput;
}

/** Validates the input (all issues at once, as VALIDATION with `issues`) and turns it into the row's values. */
async function policyData(input: PolicyInput, creating: boolean) {
  const calendar = input.calendar ? calendarConfig(input.calendar) : creating ? {} : undefined;
  const issues: ValidationIssue[] = validatePolicy({
    ...(input.name !== undefined ? { name: input.name } : {}),
    priority: input.priority,
    firstResponseSeconds: input.firstResponseSeconds,
    nextResponseSeconds: input.nextResponseSeconds,
    resolutionSeconds: input.resolutionSeconds,
    atRiskFraction: input.atRiskFraction,
    ...(calendar !== undefined ? { calendar } : {}),
    pausedStatuses: input.pausedStatuses,
  });
  if (input.queueId && !(await db.queue.findUnique({ where: { id: input.queueId } })))
    issues.push({ field: 'queueId', message: 'Choose an existing support queue.' });
  if (input.reassignOnBreachToId) {
    const user = await db.user.findUnique({ where: { id: input.reassignOnBreachToId } });
    if (!user || !user.active || user.role === 'CUSTOMER')
      issues.push({ field: 'reassignOnBreachToId', message: 'Choose an active member of the support staff.' });
  }
  if (issues.length) throw validationError(issues);
  const data: Prisma.SlaPolicyUncheckedUpdateInput = {};
  const copy = [
    'name',
    'position',
    'active',
    'queueId',
    'priority',
    'contract',
    'firstResponseSeconds',
    'nextResponseSeconds',
    'resolutionSeconds',
    'atRiskFraction',
    'notifyOnAtRisk',
    'notifyOnBreach',
    'raisePriorityOnBreach',
    'reassignOnBreachToId',
  ] as const;
  const nonNullable = new Set(['name', 'position', 'active', 'atRiskFraction', 'notifyOnAtRisk', 'notifyOnBreach']);
  for (const field of copy) {
    const value = input[field];
    if (value === undefined || (value === null && (nonNullable.has(field) || field === 'raisePriorityOnBreach')))
      continue;
    (data as Record<string, unknown>)[field] = typeof value === 'string' && field === 'name' ? value.trim() : value;
  }
  if (calendar !== undefined) data.calendar = calendar as Prisma.InputJsonValue;
  if (input.pausedStatuses != null) data.pausedStatuses = [...new Set(input.pausedStatuses)];
  return data;
}

builder.queryFields((t) => ({
  slaPolicies: t.prismaField({
    type: ['SlaPolicy'],
    description: 'The SLA policies in the order they are tried.',
    authScopes: { staff: true },
    resolve: (query) => db.slaPolicy.findMany({ ...query, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] }),
  }),
}));

const adminWriter = { $all: { admin: true, writer: true } } as const;

builder.mutationFields((t) => ({
  createSlaPolicy: t.prismaField({
    type: 'SlaPolicy',
    authScopes: adminWriter,
    args: { input: t.arg({ type: CreateSlaPolicyInput, required: true }) },
    resolve: async (query, _root, { input }) => {
      const data = await policyData(input, true);
      if (data.position === undefined) {
        const first = await db.slaPolicy.aggregate({ _min: { position: true } });
        data.position = (first._min.position ?? 1) - 1;
      }
      return db.slaPolicy.create({
        ...query,
        data: {
          pausedStatuses: [...DEFAULT_PAUSED_STATUSES],
          ...(data as Prisma.SlaPolicyUncheckedCreateInput),
          calendar: (data.calendar ?? {}) as Prisma.InputJsonValue,
        },
      });
    },
  }),
  updateSlaPolicy: t.prismaField({
    type: 'SlaPolicy',
    authScopes: adminWriter,
    args: {
      id: t.arg.id({ required: true, validate: id }),
      input: t.arg({ type: UpdateSlaPolicyInput, required: true }),
    },
    resolve: async (query, _root, args) => {
      if (!(await db.slaPolicy.findUnique({ where: { id: args.id } }))) throw notFound('SLA policy');
      return db.slaPolicy.update({ ...query, where: { id: args.id }, data: await policyData(args.input, false) });
    },
  }),
  deleteSlaPolicy: t.boolean({
    authScopes: adminWriter,
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (_root, args) => {
      const { count } = await db.slaPolicy.deleteMany({ where: { id: args.id } });
      if (count === 0) throw notFound('SLA policy');
      return true;
    },
  }),
  reorderSlaPolicies: t.prismaField({
    type: ['SlaPolicy'],
    description: 'Sets the order in which policies are tried: every policy id, first one first.',
    authScopes: adminWriter,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (query, _root, args) =>
      db.$transaction(async (tx) => {
        const existing = await tx.slaPolicy.findMany({ select: { id: true } });
        const known = new Set(existing.map((policy) => policy.id));
        if (
          new Set(args.ids).size !== args.ids.length ||
          args.ids.length !== known.size ||
          args.ids.some((i) => !known.has(i))
        )
          throw validationError([{ field: 'ids', message: 'List every SLA policy exactly once.' }]);
        for (const [position, policyId] of args.ids.entries())
          await tx.slaPolicy.update({ where: { id: policyId }, data: { position } });
        return tx.slaPolicy.findMany({ ...query, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
      }),
  }),
}));

// ---------------------------------------------------------------------------------------------------------------
// The SLA of a ticket

const SlaTargetStatusType = builder.objectRef<SlaTargetStatus>('SlaTargetStatus').implement({
  fields: (t) => ({
    state: t.field({ type: SlaStateEnum, resolve: (status) => status.state }),
    targetSeconds: t.exposeInt('targetSeconds'),
    dueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Running: the projected deadline. Breached: the breach instant. Paused: null.',
      resolve: (status) => status.dueAt,
    }),
    startedAt: t.field({ type: 'DateTime', resolve: (status) => status.startedAt }),
    stoppedAt: t.field({ type: 'DateTime', nullable: true, resolve: (status) => status.stoppedAt ?? null }),
    elapsedSeconds: t.exposeInt('elapsedSeconds', { description: 'Business seconds used.' }),
    remainingSeconds: t.exposeInt('remainingSeconds', { description: 'Target minus elapsed; negative once breached.' }),
    breachedAt: t.field({ type: 'DateTime', nullable: true, resolve: (status) => status.breachedAt ?? null }),
  }),
});

const TicketSlaType = builder.objectRef<TicketSla>('TicketSla').implement({
  description: 'The ticket’s SLA clocks, derived from its history under the policy that applies to it.',
  fields: (t) => ({
    policy: t.field({
      type: SlaPolicyType,
      resolve: (sla) => db.slaPolicy.findUniqueOrThrow({ where: { id: sla.policy.id } }),
    }),
    firstResponse: t.field({
      type: SlaTargetStatusType,
      nullable: true,
      resolve: (sla) => sla.status.firstResponse,
    }),
    nextResponse: t.field({
      type: SlaTargetStatusType,
      nullable: true,
      description: 'Null until a customer message awaits a reply.',
      resolve: (sla) => sla.status.nextResponse,
    }),
    resolution: t.field({ type: SlaTargetStatusType, nullable: true, resolve: (sla) => sla.status.resolution }),
  }),
});

/**
 * The policies and the instant the SLA of every ticket resolved in the same tick of one request (a list of 50
 * tickets) is evaluated with: one query for the whole list, the tickets' histories coming with their rows. Kept
 * for one tick only, as a subscription's context outlives its events.
 */
const readings = new WeakMap<Context, Promise<{ policies: StoredPolicy[]; now: Date }>>();
function slaReading(context: Context) {
  let reading = readings.get(context);
  if (!reading) {
    reading = loadPolicies(db).then((policies) => ({ policies, now: new Date() }));
    readings.set(context, reading);
    setImmediate(() => readings.delete(context));
  }
  return reading;
}

builder.prismaObjectFields('Ticket', (t) => ({
  sla: t.field({
    type: TicketSlaType,
    nullable: true,
    description: 'SLA clocks (staff only); null when no policy applies. `at`: as they were at that instant.',
    authScopes: { staff: true },
    args: { at: t.arg({ type: 'DateTime' }) },
    select: slaTicketSelect,
    resolve: async (ticket, args, context) => {
      const { policies, now } = await slaReading(context);
      return slaOf(loadedTicketOf(ticket), policies, args.at ?? now);
    },
  }),
}));

builder.prismaObjectFields('Reminder', (t) => ({
  firedAt: t.expose('firedAt', { type: 'DateTime', nullable: true, description: 'When its owner was notified.' }),
}));

// ---------------------------------------------------------------------------------------------------------------
// Live notifications

builder.subscriptionFields((t) => ({
  slaAlerts: t.prismaField({
    type: 'TicketEvent',
    description:
      'Supervisors: SLA escalations (SLA_ESCALATED, after a breach) and at-risk warnings (SLA_AT_RISK), as recorded.',
    authScopes: { supervisor: true },
    args: { queueId: t.arg.id({ validate: id }) },
    subscribe: (_root, args) =>
      pipe(
        pubsub.subscribe('slaAlert'),
        filter((message) => !args.queueId || message.queueId === args.queueId),
      ),
    resolve: (query, message: { eventId: string }) =>
      db.ticketEvent.findUniqueOrThrow({ ...query, where: { id: message.eventId } }),
  }),
  reminderDue: t.prismaField({
    type: 'Reminder',
    description: 'Your reminders, each once, when they fall due.',
    authScopes: { staff: true },
    subscribe: (_root, _args, { viewer }) =>
      pipe(
        pubsub.subscribe('reminderDue'),
        filter((message) => message.ownerId === viewer!.id),
      ),
    resolve: (query, message: { reminderId: string }) =>
      db.reminder.findUniqueOrThrow({ ...query, where: { id: message.reminderId } }),
  }),
}));
