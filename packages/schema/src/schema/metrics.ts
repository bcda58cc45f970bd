import { Repeater } from 'graphql-yoga';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { validationError } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import { requireStaff } from '../domain/access.ts';
import {
  coalescingThrottle,
  computeMetrics,
  MetricsWindowError,
  resolveWindow,
  type BacklogCount,
  type DurationStats,
  type MetricsFigures,
  type MetricsFilter,
  type MetricsWindowRequest,
  type OperatorWork,
  type Satisfaction,
} from '../domain/metrics/index.ts';
import type { Viewer } from '../domain/identity.ts';
import { TicketStatusEnum } from './enums.ts';
import { id } from './validation.ts';
// rateTicket and the Rating type: the ratings that feed the satisfaction figures.
import './rating.ts';

/** The wallboard gets fresh figures at most this often, however many tickets change. */
export const METRICS_UPDATE_INTERVAL_MS = 1_000;
/** Without any ticket change, figures are still recomputed this often (the window moves; "today" ends at midnight). */
export const METRICS_REFRESH_MS = 60_000;

const MetricsPeriodEnum = builder.enumType('MetricsPeriod', {
  description:
    'TODAY: since midnight in Rome. LAST_7_DAYS / LAST_30_DAYS: since midnight in Rome 6 / 29 days ago (today ' +
    'included). CUSTOM: [from, to). Every window ends now, except CUSTOM.',
  values: ['TODAY', 'LAST_7_DAYS', 'LAST_30_DAYS', 'CUSTOM'] as const,
});

const MetricsWindowInput = builder.inputType('MetricsWindowInput', {
  fields: (t) => ({
    period: t.field({ type: MetricsPeriodEnum, required: true }),
    from: t.field({ type: 'DateTime', description: 'CUSTOM only: the first instant counted.' }),
    to: t.field({ type: 'DateTime', description: 'CUSTOM only: the first instant no longer counted.' }),
  }),
});

const DurationStatsType = builder.objectRef<DurationStats>('DurationStats').implement({
  description: 'Durations in seconds: median and 90th percentile (linear interpolation), null when count is 0.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    median: t.exposeFloat('median', { nullable: true }),
    p90: t.exposeFloat('p90', { nullable: true }),
  }),
});

const BacklogCountType = builder.objectRef<BacklogCount>('BacklogCount').implement({
  description: 'Open tickets now (not DONE nor CANCELLED) of one queue in one status.',
  fields: (t) => ({
    queueId: t.exposeID('queueId'),
    queue: t.prismaField({
      type: 'Queue',
      resolve: (query, row) => db.queue.findUniqueOrThrow({ ...query, where: { id: row.queueId } }),
    }),
    status: t.field({ type: TicketStatusEnum, resolve: (row) => row.status as never }),
    count: t.exposeInt('count'),
  }),
});

const OperatorWorkType = builder.objectRef<OperatorWork>('OperatorWork').implement({
  description:
    'One operator’s work: open tickets they hold now, and tickets they hold that were resolved in the window.',
  fields: (t) => ({
    operator: t.prismaField({
      type: 'User',
      resolve: (query, row) => db.user.findUniqueOrThrow({ ...query, where: { id: row.operatorId } }),
    }),
    claimedOpen: t.exposeInt('claimedOpen'),
    resolved: t.exposeInt('resolved'),
  }),
});

const SatisfactionType = builder.objectRef<Satisfaction>('Satisfaction').implement({
  description: 'Customer ratings (1–5) of the tickets closed in the window.',
  fields: (t) => ({
    averageScore: t.exposeFloat('averageScore', { nullable: true }),
    rated: t.exposeInt('rated', { description: 'Tickets closed in the window that have a rating.' }),
    closed: t.exposeInt('closed', { description: 'Tickets closed (DONE or CANCELLED) in the window.' }),
    responseRate: t.exposeFloat('responseRate', { nullable: true, description: 'rated / closed.' }),
  }),
});

const MetricsType = builder.objectRef<MetricsFigures>('Metrics').implement({
  description:
    'Help-desk figures for a window [from, to), optionally of one queue and/or one operator (the tickets they ' +
    'hold). Definitions: packages/schema/src/domain/metrics/compute.ts.',
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    queueId: t.exposeID('queueId', { nullable: true }),
    operatorId: t.exposeID('operatorId', { nullable: true }),
    computedAt: t.expose('computedAt', { type: 'DateTime' }),
    ticketsOpened: t.exposeInt('ticketsOpened', { description: 'Tickets created in the window.' }),
    ticketsResolved: t.exposeInt('ticketsResolved', { description: 'Tickets resolved (DONE) in the window.' }),
    ticketsClosed: t.exposeInt('ticketsClosed', { description: 'Tickets closed (DONE or CANCELLED) in the window.' }),
    firstResponseTime: t.field({
      type: DurationStatsType,
      description: 'firstResponseAt − createdAt of the tickets first answered in the window.',
      resolve: (metrics) => metrics.firstResponseTime,
    }),
    resolutionTime: t.field({
      type: DurationStatsType,
      description: 'resolvedAt − createdAt of the tickets resolved in the window.',
      resolve: (metrics) => metrics.resolutionTime,
    }),
    resolutionRate: t.exposeFloat('resolutionRate', {
      nullable: true,
      description: 'ticketsResolved / ticketsOpened (may exceed 1); null when no ticket was opened.',
    }),
    firstContactResolved: t.exposeInt('firstContactResolved', {
      description: 'Tickets opened in the window that were solved during the call (created DONE).',
    }),
    firstContactResolution: t.exposeFloat('firstContactResolution', {
      nullable: true,
      description: 'firstContactResolved / ticketsOpened; null when no ticket was opened.',
    }),
    slaTickets: t.exposeInt('slaTickets', { description: 'Tickets closed in the window that had an SLA clock.' }),
    slaMet: t.exposeInt('slaMet', { description: 'Those of them that never breached a target.' }),
    slaCompliance: t.exposeFloat('slaCompliance', {
      nullable: true,
      description:
        'Share of the tickets closed in the window that had an SLA clock and never breached it; null when none had ' +
        'one (no SLA policy applied, or no SLA data recorded).',
    }),
    backlog: t.field({ type: [BacklogCountType], resolve: (metrics) => metrics.backlog }),
    operators: t.field({ type: [OperatorWorkType], resolve: (metrics) => metrics.operators }),
    satisfaction: t.field({ type: SatisfactionType, resolve: (metrics) => metrics.satisfaction }),
  }),
});

type WindowInput = typeof MetricsWindowInput.$inferInput;

function windowOf(input: WindowInput, now = new Date()) {
  try {
    return resolveWindow(input as MetricsWindowRequest, now);
  } catch (error) {
    if (error instanceof MetricsWindowError) {
      throw validationError([{ field: `window.${error.field}`, message: error.message }]);
    }
    throw error;
  }
}

async function figures(viewer: Viewer | null, input: WindowInput, filter: MetricsFilter) {
  requireStaff(viewer);
  const now = new Date();
  const window = windowOf(input, now);
  return computeMetrics(db, window, filter, now);
}

/** Figures without the instant they were computed at, to tell whether anything changed. */
const fingerprint = ({ computedAt: _computedAt, to: _to, ...rest }: MetricsFigures) => JSON.stringify(rest);

builder.queryFields((t) => ({
  metrics: t.field({
    type: MetricsType,
    description: 'Help-desk figures for a window, optionally of one queue and/or one operator. Staff only.',
    authScopes: { staff: true },
    args: {
      window: t.arg({ type: MetricsWindowInput, required: true }),
      queueId: t.arg.id({ validate: id }),
      operatorId: t.arg.id({ validate: id }),
    },
    resolve: (_root, args, { viewer }) => figures(viewer, args.window, args),
  }),
}));

builder.subscriptionFields((t) => ({
  metricsUpdated: t.field({
    type: MetricsType,
    description:
      'The wallboard’s figures: the current ones first, then fresh ones after ticket changes, at most once a ' +
      'second (a burst of changes gives one update) and only when a figure changed. Staff only.',
    authScopes: { staff: true },
    args: {
      window: t.arg({ type: MetricsWindowInput, required: true }),
      queueId: t.arg.id({ validate: id }),
      operatorId: t.arg.id({ validate: id }),
    },
    subscribe: (_root, args, { viewer }) =>
      new Repeater<MetricsFigures>(async (push, stop) => {
        const filter = { queueId: args.queueId, operatorId: args.operatorId };
        // Listen before computing the first figures, so that no change in between is missed.
        const changes = pubsub.subscribe('ticketEvent');
        const first = changes.next();
        let last: string | undefined;
        const send = async () => {
          const current = await figures(viewer, args.window, filter);
          const print = fingerprint(current);
          if (print === last) return;
          last = print;
          await push(current);
        };
        const throttle = coalescingThrottle(send, METRICS_UPDATE_INTERVAL_MS, (error) => stop(error));
        const refresh = setInterval(() => throttle.trigger(), METRICS_REFRESH_MS);
        stop.then(() => {
          throttle.stop();
          clearInterval(refresh);
          void changes.return?.();
        });
        // The first run is immediate: the current figures go out first.
        throttle.trigger();
        for (let result = await first; !result.done; result = await changes.next()) throttle.trigger();
      }),
    resolve: (figuresNow) => figuresNow,
  }),
}));
