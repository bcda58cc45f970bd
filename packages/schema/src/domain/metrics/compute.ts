/**
 * Help-desk metrics, computed in PostgreSQL: a few set-based queries per request, run at once, each driven by one
 * index and never a query per ticket nor a read of the timeline. Every figure is defined below; a window is the
 * half-open interval [from, to) (see window.ts) and the optional filters narrow every figure to tickets of one queue
 * (`queueId`) and/or held by one operator (`claimedById` = operatorId: the operator who has the ticket in charge
 * now).
 *
 * Cohorts (which tickets a figure is about), each read from its own covering index (prisma/schema.prisma), so that
 * a 30-day window over a million tickets never touches the table itself:
 * - opened:    createdAt       ∈ [from, to)                           — index Ticket_createdAt_metrics_idx
 * - responded: firstResponseAt ∈ [from, to)                           — index Ticket_firstResponseAt_metrics_idx
 * - resolved:  resolvedAt      ∈ [from, to)  (resolvedAt is set while DONE; reopening clears it, so a ticket
 *              counts once, at its latest resolution, and only while it is still DONE)
 *                                                                     — index Ticket_resolvedAt_metrics_idx
 * - closed:    closedAt        ∈ [from, to)  (set while DONE or CANCELLED) — index Ticket_closedAt_metrics_idx
 * - open now:  status ∉ {DONE, CANCELLED}, whatever the window        — partial index Ticket_open_metrics_idx
 *
 * Per-ticket outcomes derived from the timeline and the rating are kept on the ticket by triggers on TicketEvent and
 * Rating (migration metrics_outcomes), whoever writes those rows: firstContactResolved, slaTrackedAt (first
 * SLA_STARTED, SLA_MET or SLA_BREACHED event), slaBreachedAt (first SLA_BREACHED event) and ratingScore.
 *
 * Figures (durations in seconds, as float rounded to the millisecond; percentiles are PostgreSQL's
 * `percentile_cont`, i.e. linear interpolation between the two nearest values; median/p90 are null when the
 * cohort is empty):
 * - firstResponseTime.median / .p90 = percentile_cont(0.5 / 0.9) of (firstResponseAt − createdAt) over the
 *   responded cohort; .count = its size.
 * - resolutionTime.median / .p90 = percentile_cont(0.5 / 0.9) of (resolvedAt − createdAt) over the resolved
 *   cohort; .count = its size.
 * - ticketsOpened = |opened|, ticketsResolved = |resolved|, ticketsClosed = |closed|.
 * - resolutionRate = ticketsResolved / ticketsOpened (a throughput ratio: tickets resolved in the window may have
 *   been opened before it, so it can exceed 1); null when ticketsOpened = 0.
 * - firstContactResolution = firstContactResolved / ticketsOpened, where firstContactResolved = tickets of the
 *   opened cohort whose CREATED event says they were solved during the call (data.solvedDuringCall = true) or
 *   created DONE (toValue = 'DONE'), whatever happened to them afterwards (Ticket.firstContactResolved); null when
 *   ticketsOpened = 0.
 * - slaCompliance = slaMet / slaTickets over the closed cohort, where slaTickets = its tickets with an SLA clock
 *   (at least one SLA_STARTED, SLA_MET or SLA_BREACHED event, recorded by the automation worker) and slaMet = those
 *   of them without any SLA_BREACHED event (every target of the ticket met). Null when slaTickets = 0: no SLA
 *   policy applied, or no SLA data recorded (yet) for those tickets.
 * - backlog = open-now tickets counted per (queue, status).
 * - operators = per operator holding tickets: claimedOpen = open-now tickets they hold; resolved = tickets of the
 *   resolved cohort they hold. Operators with neither are left out; ordered by claimedOpen desc, resolved desc, name.
 * - satisfaction.averageScore = avg(Rating.score) over the ratings of tickets in the closed cohort (null when none;
 *   the score is read from Ticket.ratingScore, kept by a trigger on Rating);
 *   .rated = how many of those tickets have a rating; .closed = ticketsClosed;
 *   .responseRate = rated / closed (null when closed = 0).
 */
import { Prisma } from '@sportello/db';
import type { Database } from '@sportello/db';
import { OPEN_TICKET_STATUSES } from '../lifecycle.ts';
import type { MetricsWindow } from './window.ts';

export interface MetricsFilter {
  queueId?: string | null;
  operatorId?: string | null;
}

export interface DurationStats {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface BacklogCount {
  queueId: string;
  status: string;
  count: number;
}

export interface OperatorWork {
  operatorId: string;
  name: string;
  claimedOpen: number;
  resolved: number;
}

export interface Satisfaction {
  averageScore: number | null;
  rated: number;
  closed: number;
  responseRate: number | null;
}

export interface MetricsFigures {
  from: Date;
  to: Date;
  queueId: string | null;
  operatorId: string | null;
  computedAt: Date;
  ticketsOpened: number;
  ticketsResolved: number;
  ticketsClosed: number;
  firstResponseTime: DurationStats;
  resolutionTime: DurationStats;
  resolutionRate: number | null;
  firstContactResolved: number;
  firstContactResolution: number | null;
  slaTickets: number;
  slaMet: number;
  slaCompliance: number | null;
  backlog: BacklogCount[];
  operators: OperatorWork[];
  satisfaction: Satisfaction;
}

/**
 * The open statuses as literals (rather than NOT IN, and in lifecycle order) so that the partial index on open
 * tickets (Ticket_open_metrics_idx, whose predicate repeats this list in this order) is usable.
 */
const openStatuses = Prisma.raw(OPEN_TICKET_STATUSES.map((status) => `'${status}'::"TicketStatus"`).join(', '));

/**
 * Timestamps are stored as UTC in `timestamp(3)` columns: parameters are sent as ISO text and cast, which ignores
 * the trailing Z and so compares UTC with UTC whatever the session's time zone.
 */
const ts = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;

/** Filters are only written into the SQL when given, so that each query has a plain, index-friendly plan. */
function filters(filter: MetricsFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.queueId) parts.push(Prisma.sql`AND t."queueId" = ${filter.queueId}`);
  if (filter.operatorId) parts.push(Prisma.sql`AND t."claimedById" = ${filter.operatorId}`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

const inWindow = (column: string, window: MetricsWindow) => {
  const ref = Prisma.raw(`t."${column}"`);
  return Prisma.sql`${ref} >= ${ts(window.from)} AND ${ref} < ${ts(window.to)}`;
};

/**
 * The size of the cohort whose `column` is in the window, and the median and p90 of the time from creation to it.
 * Both percentiles come from one sort (the array form of percentile_cont). Durations through date_part, which is
 * float8: extract is numeric since PostgreSQL 14, and took half of a 30-day cohort's time.
 */
const durationCohort = (column: 'firstResponseAt' | 'resolvedAt', window: MetricsWindow, where: Prisma.Sql) => {
  const ref = Prisma.raw(`t."${column}"`);
  return Prisma.sql`
    SELECT count(*)::int AS "count",
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY d) AS "percentiles"
    FROM (
      SELECT date_part('epoch', ${ref} - t."createdAt") AS d
      FROM "Ticket" t
      WHERE ${inWindow(column, window)} ${where}
    ) cohort`;
};

/** The SQL statements, exposed so that they can be EXPLAINed (see the tests). */
export function metricsQueries(window: MetricsWindow, filter: MetricsFilter) {
  const where = filters(filter);
  return {
    /*
     * One row per cohort: each an independent aggregate read from its own covering index (the per-ticket outcomes
     * are kept on the ticket, so neither the timeline nor the ratings are read here). Separate statements rather
     * than one, so that a pooled PostgreSQL runs them at once on several connections, and so several cores.
     */
    opened: Prisma.sql`
      SELECT count(*)::int AS "ticketsOpened",
             count(*) FILTER (WHERE t."firstContactResolved")::int AS "firstContactResolved"
      FROM "Ticket" t
      WHERE ${inWindow('createdAt', window)} ${where}`,
    responded: durationCohort('firstResponseAt', window, where),
    resolved: durationCohort('resolvedAt', window, where),
    closed: Prisma.sql`
      SELECT count(*)::int AS "ticketsClosed",
             count(t."ratingScore")::int AS "rated",
             avg(t."ratingScore")::float8 AS "averageScore",
             count(*) FILTER (WHERE t."slaTrackedAt" IS NOT NULL)::int AS "slaTickets",
             count(*) FILTER (WHERE t."slaTrackedAt" IS NOT NULL AND t."slaBreachedAt" IS NULL)::int AS "slaMet"
      FROM "Ticket" t
      WHERE ${inWindow('closedAt', window)} ${where}`,
    backlog: Prisma.sql`
      SELECT t."queueId", t."status"::text AS "status", count(*)::int AS "count"
      FROM "Ticket" t
      WHERE t."status" IN (${openStatuses}) ${where}
      GROUP BY t."queueId", t."status"
      ORDER BY t."queueId", t."status"`,
    operators: Prisma.sql`
      SELECT u."id" AS "operatorId", u."name",
             sum(w."claimedOpen")::int AS "claimedOpen", sum(w."resolved")::int AS "resolved"
      FROM (
        SELECT t."claimedById" AS "operatorId", count(*) AS "claimedOpen", 0 AS "resolved"
        FROM "Ticket" t
        WHERE t."status" IN (${openStatuses}) AND t."claimedById" IS NOT NULL ${where}
        GROUP BY t."claimedById"
        UNION ALL
        SELECT t."claimedById", 0, count(*)
        FROM "Ticket" t
        WHERE ${inWindow('resolvedAt', window)} AND t."claimedById" IS NOT NULL ${where}
        GROUP BY t."claimedById"
      ) w
      JOIN "User" u ON u."id" = w."operatorId"
      GROUP BY u."id", u."name"
      ORDER BY 3 DESC, 4 DESC, u."name", u."id"`,
  };
}

interface OpenedRow {
  ticketsOpened: number;
  firstContactResolved: number;
}

interface DurationRow {
  count: number;
  /** [median, p90], null for an empty cohort. */
  percentiles: [number, number] | null;
}

interface ClosedRow {
  ticketsClosed: number;
  rated: number;
  averageScore: number | null;
  slaTickets: number;
  slaMet: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
/** Timestamps have millisecond precision: so do durations (rounding off float noise such as 246.00000000000003). */
const seconds = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

const durations = ({ count, percentiles }: DurationRow): DurationStats => ({
  count,
  median: seconds(percentiles?.[0] ?? null),
  p90: seconds(percentiles?.[1] ?? null),
});

/** Computes every figure for one window and filter (six statements; see the definitions at the top). */
export async function computeMetrics(
  db: Database,
  window: MetricsWindow,
  filter: MetricsFilter = {},
  now: Date = new Date(),
): Promise<MetricsFigures> {
  const queries = metricsQueries(window, filter);
  // At once on a pooled PostgreSQL (the embedded database, with its one connection, runs them in turn).
  const [[opened], [responded], [resolved], [closed], backlog, operators] = await Promise.all([
    db.$queryRaw<[OpenedRow]>(queries.opened),
    db.$queryRaw<[DurationRow]>(queries.responded),
    db.$queryRaw<[DurationRow]>(queries.resolved),
    db.$queryRaw<[ClosedRow]>(queries.closed),
    db.$queryRaw<BacklogCount[]>(queries.backlog),
    db.$queryRaw<OperatorWork[]>(queries.operators),
  ]);
  return {
    from: window.from,
    to: window.to,
    queueId: filter.queueId ?? null,
    operatorId: filter.operatorId ?? null,
    computedAt: now,
    ticketsOpened: opened.ticketsOpened,
    ticketsResolved: resolved.count,
    ticketsClosed: closed.ticketsClosed,
    firstResponseTime: durations(responded),
    resolutionTime: durations(resolved),
    resolutionRate: ratio(resolved.count, opened.ticketsOpened),
    firstContactResolved: opened.firstContactResolved,
    firstContactResolution: ratio(opened.firstContactResolved, opened.ticketsOpened),
    slaTickets: closed.slaTickets,
    slaMet: closed.slaMet,
    slaCompliance: ratio(closed.slaMet, closed.slaTickets),
    backlog,
    operators,
    satisfaction: {
      averageScore: closed.averageScore,
      rated: closed.rated,
      closed: closed.ticketsClosed,
      responseRate: ratio(closed.rated, closed.ticketsClosed),
    },
  };
}
