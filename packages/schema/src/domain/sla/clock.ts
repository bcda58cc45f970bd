/**
 * SLA clocks derived from a ticket's history: pure functions, recomputed on demand, nothing stored.
 *
 * Rules (the contract the API layer exposes):
 * - Time counts only while the calendar is open AND the ticket is neither paused nor closed.
 * - Paused: status in `policy.pausedStatuses`; RESCHEDULED with `scheduledAt` is paused only until
 *   that instant, then runs again without any status change.
 * - Closed: DONE / CANCELLED. Closing ends the pending response target (MET unless already breached,
 *   since nothing is left to answer) and stops resolution; reopening resumes resolution with the time
 *   already used (no fresh budget), while response targets wait for the next customer message.
 * - firstResponse runs from creation to the first agent response. nextResponse starts at the first
 *   customer message after the previous response target ended; later messages do not restart it
 *   (the customer has waited since the first unanswered one); the next agent response meets it.
 * - Breach: the instant the used time reaches the target, unless the target is met at that very
 *   instant (a reply exactly at the due time is on time). Pausing at the due time does not save it.
 * - AT_RISK: running, not breached, remaining <= atRiskFraction × target.
 * - Entries after `now` are ignored; seconds are business seconds, truncated to whole seconds.
 */
import { addBusinessSeconds, businessSecondsBetween, type BusinessCalendar } from './calendar.ts';

import { CLOSED_TICKET_STATUSES, type TicketStatus } from '../lifecycle.ts';

export type { TicketStatus };
/** DONE and CANCELLED stop every clock. */
export const CLOSED_STATUSES = CLOSED_TICKET_STATUSES;

export interface SlaPolicy {
  firstResponseSeconds?: number;
  nextResponseSeconds?: number;
  resolutionSeconds?: number;
  pausedStatuses: readonly TicketStatus[];
  /** AT_RISK when at most this fraction of the target is left (default 0.2). */
  atRiskFraction?: number;
}

export interface StatusChange {
  at: Date;
  from: TicketStatus;
  to: TicketStatus;
  /** For RESCHEDULED: when the work is due again. */
  scheduledAt?: Date | null;
}

export interface TicketSlaHistory {
  createdAt: Date;
  /** Status at creation; default: `from` of the first change, else 'NEW'. */
  initialStatus?: TicketStatus;
  statusChanges: readonly StatusChange[];
  /** Public replies / first contact by staff. */
  agentResponses: readonly Date[];
  customerMessages: readonly Date[];
}

export interface SlaInput {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  history: TicketSlaHistory;
  now: Date;
}

export type SlaTarget = 'firstResponse' | 'nextResponse' | 'resolution';
export const SLA_TARGETS: readonly SlaTarget[] = ['firstResponse', 'nextResponse', 'resolution'];
export type SlaState = 'RUNNING' | 'PAUSED' | 'MET' | 'BREACHED' | 'AT_RISK';

export interface SlaTargetStatus {
  state: SlaState;
  targetSeconds: number;
  /**
   * RUNNING/AT_RISK: projected deadline (null if the calendar never opens again). PAUSED: null.
   * BREACHED: the breach instant. MET: the deadline had the clock kept running from `stoppedAt`.
   */
  dueAt: Date | null;
  startedAt: Date;
  /** When met, closed or answered. */
  stoppedAt?: Date;
  elapsedSeconds: number;
  /** targetSeconds − elapsedSeconds; ≤ 0 once breached. */
  remainingSeconds: number;
  breachedAt?: Date;
}

/** null: target not in the policy, or (nextResponse) no customer message awaiting a reply yet. */
export type SlaStatus = Record<SlaTarget, SlaTargetStatus | null>;

export type SlaEventType = 'STARTED' | 'PAUSED' | 'RESUMED' | 'MET' | 'BREACHED';
export interface SlaEvent {
  at: Date;
  target: SlaTarget;
  type: SlaEventType;
}

export interface SlaDeadline {
  at: Date;
  target: SlaTarget;
  /** The target's state from `at` on. */
  becomes: SlaState;
}

type Mode = 'RUNNING' | 'PAUSED' | 'CLOSED';
/** [from, to) in epoch ms; `to` may be Infinity (the current status lasts). */
interface Segment {
  from: number;
  to: number;
  mode: Mode;
}
interface Cycle {
  start: number;
  /** Response targets: the answering reply or the closure; null while waiting. */
  end: number | null;
}
interface CycleResult {
  status: SlaTargetStatus;
  events: SlaEvent[];
  /** Future instants at which the state changes. */
  changesAt: number[];
}

// ---------------------------------------------------------------------------------------------

/** State of every SLA target at `input.now` (of the latest cycle, for nextResponse). */
export function evaluateSla(input: SlaInput): SlaStatus {
  const cycles = analyse(input);
  const latest = (target: SlaTarget) => cycles[target].at(-1)?.status ?? null;
  return {
    firstResponse: latest('firstResponse'),
    nextResponse: latest('nextResponse'),
    resolution: latest('resolution'),
  };
}

/**
 * SLA events up to `now`, in time order (same instant: firstResponse, nextResponse, resolution).
 * Derived, not stored: recomputing after a history change may rewrite it. No AT_RISK events (use
 * `nextDeadline` to be woken up for those); nothing follows a target's BREACHED.
 */
export function slaTimeline(input: SlaInput): SlaEvent[] {
  const cycles = analyse(input);
  return SLA_TARGETS.flatMap((target) => cycles[target].flatMap((cycle) => cycle.events)).sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
}

/**
 * The earliest instant after `now` at which some target changes state by the passing of time
 * (AT_RISK, BREACHED, or RESCHEDULED pause ending), for the job scheduler; null if none is due.
 * New history (replies, status changes) can change it: recompute after every ticket update.
 */
export function nextDeadline(input: SlaInput): SlaDeadline | null {
  const history = historyUntil(input.history, input.now.getTime());
  const cycles = analyse({ ...input, history });
  let next: { at: number; target: SlaTarget } | null = null;
  for (const target of SLA_TARGETS) {
    for (const at of cycles[target].at(-1)?.changesAt ?? []) if (!next || at < next.at) next = { at, target };
  }
  if (!next) return null;
  const later = evaluateSla({ ...input, history, now: new Date(next.at) })[next.target];
  return { at: new Date(next.at), target: next.target, becomes: later!.state };
}

// ---------------------------------------------------------------------------------------------

function analyse(input: SlaInput): Record<SlaTarget, CycleResult[]> {
  const { policy, calendar } = input;
  const now = input.now.getTime();
  const history = historyUntil(input.history, now);
  const createdAt = history.createdAt.getTime();
  if (createdAt > now) throw new RangeError('now precedes the ticket creation');
  const fraction = policy.atRiskFraction ?? 0.2;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`atRiskFraction must be within [0, 1], got ${fraction}`);

  const segments = modeSegments(history, policy);
  const [firstCycle, ...nextCycles] = responseCycles(history, segments);
  const evaluate = (target: SlaTarget, seconds: number | undefined, cycles: Cycle[]) => {
    if (seconds == null) return [];
    if (!(seconds >= 0)) throw new RangeError(`${target} target must be a non-negative number of seconds`);
    return cycles.map((cycle) => evaluateCycle({ calendar, now, fraction }, target, seconds, cycle, segments));
  };
  return {
    firstResponse: evaluate('firstResponse', policy.firstResponseSeconds, [firstCycle!]),
    nextResponse: evaluate('nextResponse', policy.nextResponseSeconds, nextCycles),
    resolution: evaluate('resolution', policy.resolutionSeconds, [{ start: createdAt, end: null }]),
  };
}

function historyUntil(history: TicketSlaHistory, now: number): TicketSlaHistory {
  const past = (date: Date) => date.getTime() <= now;
  const changes = [...history.statusChanges].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    createdAt: history.createdAt,
    initialStatus: history.initialStatus ?? changes[0]?.from ?? 'NEW',
    statusChanges: changes.filter((change) => past(change.at)),
    agentResponses: history.agentResponses.filter(past),
    customerMessages: history.customerMessages.filter(past),
  };
}

function modeOf(status: TicketStatus, policy: SlaPolicy): Mode {
  if (CLOSED_STATUSES.includes(status)) return 'CLOSED';
  return policy.pausedStatuses.includes(status) ? 'PAUSED' : 'RUNNING';
}

/** The clock's mode over time, from creation on; the last segment lasts forever. */
function modeSegments(history: TicketSlaHistory, policy: SlaPolicy): Segment[] {
  const createdAt = history.createdAt.getTime();
  const periods = [
    { from: createdAt, status: history.initialStatus ?? 'NEW', resumeAt: null as number | null },
    ...history.statusChanges.map((change) => ({
      from: Math.max(createdAt, change.at.getTime()),
      status: change.to,
      resumeAt: change.scheduledAt?.getTime() ?? null,
    })),
  ];
  const pieces: Segment[] = [];
  periods.forEach(({ from, status, resumeAt }, index) => {
    const to = periods[index + 1]?.from ?? Infinity;
    const mode = modeOf(status, policy);
    if (mode === 'PAUSED' && status === 'RESCHEDULED' && resumeAt !== null) {
      const resume = Math.min(to, Math.max(from, resumeAt));
      pieces.push({ from, to: resume, mode: 'PAUSED' }, { from: resume, to, mode: 'RUNNING' });
    } else pieces.push({ from, to, mode });
  });
  return mergeSegments(pieces);
}

function mergeSegments(pieces: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const piece of pieces) {
    if (piece.to <= piece.from) continue;
    const last = merged.at(-1);
    if (last && last.mode === piece.mode && last.to === piece.from) last.to = piece.to;
    else merged.push({ ...piece });
  }
  return merged;
}

/** First-response cycle, then one next-response cycle per customer message that awaits a reply. */
function responseCycles(history: TicketSlaHistory, segments: Segment[]): Cycle[] {
  const sorted = (dates: readonly Date[]) => dates.map((d) => d.getTime()).sort((a, b) => a - b);
  const replies = sorted(history.agentResponses);
  const messages = sorted(history.customerMessages);
  const closures = segments.filter((s) => s.mode === 'CLOSED').map((s) => s.from);
  const firstAtOrAfter = (times: number[], from: number) => times.find((t) => t >= from) ?? Infinity;
  const cycles: Cycle[] = [];
  for (let start: number | undefined = history.createdAt.getTime(); start !== undefined;) {
    const end = Math.min(firstAtOrAfter(replies, start), firstAtOrAfter(closures, start));
    cycles.push({ start, end: Number.isFinite(end) ? end : null });
    start = messages.find((t) => t > end);
  }
  return cycles;
}

function evaluateCycle(
  ctx: { calendar: BusinessCalendar; now: number; fraction: number },
  target: SlaTarget,
  targetSeconds: number,
  cycle: Cycle,
  allSegments: Segment[],
): CycleResult {
  const { calendar, now } = ctx;
  const openMs = (from: number, to: number) => Math.round(businessSecondsBetween(calendar, from, to) * 1000);
  const addOpenMs = (from: number, ms: number) => addBusinessSeconds(calendar, from, ms / 1000);

  // Response targets end at closure, so a closed status inside one (a message on a closed ticket) only waits.
  const closedMeans = target === 'resolution' ? 'CLOSED' : 'PAUSED';
  const segments = mergeSegments(
    allSegments.map((s) => ({
      from: Math.max(s.from, cycle.start),
      to: Math.min(s.to, cycle.end ?? Infinity),
      mode: s.mode === 'CLOSED' ? closedMeans : s.mode,
    })),
  );

  /** First instant at which the used time reaches `thresholdMs` (in a RUNNING segment if `runningOnly`). */
  const reached = (thresholdMs: number, runningOnly: boolean): number | null => {
    let used = 0;
    for (const { from, to, mode } of segments) {
      if (mode === 'CLOSED') continue; // a stopped clock is met, not breached
      if (used >= thresholdMs && (mode === 'RUNNING' || !runningOnly)) return from;
      if (mode !== 'RUNNING') continue;
      if (to === Infinity) return addOpenMs(from, thresholdMs - used);
      const open = openMs(from, to);
      if (used + open >= thresholdMs) {
        const at = addOpenMs(from, thresholdMs - used)!;
        if (at < to) return at; // at === to: decided by the next segment (met if it is a stop)
      }
      used += open;
    }
    return null;
  };

  const targetMs = Math.round(targetSeconds * 1000);
  const atRiskMs = targetMs - Math.round(targetMs * ctx.fraction);
  const breachAt = reached(targetMs, false);
  const atRiskAt = reached(atRiskMs, true);

  const reference = cycle.end ?? now;
  let elapsedMs = 0;
  for (const { from, to, mode } of segments)
    if (mode === 'RUNNING' && from < reference) elapsedMs += openMs(from, Math.min(to, reference));
  const current = segments.find((s) => s.from <= now && now < s.to);
  const stoppedAt = cycle.end ?? (current?.mode === 'CLOSED' ? current.from : null);
  const breached = breachAt !== null && breachAt <= reference;

  const state: SlaState = breached
    ? 'BREACHED'
    : stoppedAt !== null
      ? 'MET'
      : current?.mode === 'PAUSED'
        ? 'PAUSED'
        : elapsedMs >= atRiskMs
          ? 'AT_RISK'
          : 'RUNNING';
  const dueAt = state === 'MET' ? addOpenMs(stoppedAt!, targetMs - elapsedMs) : state === 'PAUSED' ? null : breachAt;
  const elapsedSeconds = Math.floor(elapsedMs / 1000);
  const status: SlaTargetStatus = {
    state,
    targetSeconds,
    dueAt: dueAt === null ? null : new Date(dueAt),
    startedAt: new Date(cycle.start),
    elapsedSeconds,
    remainingSeconds: targetSeconds - elapsedSeconds,
  };
  if (stoppedAt !== null) status.stoppedAt = new Date(stoppedAt);
  if (breached) status.breachedAt = new Date(breachAt);

  // Events: transitions of the displayed state up to now; nothing more once breached.
  const event = (type: SlaEventType, at: number): SlaEvent => ({ at: new Date(at), target, type });
  const label = { RUNNING: 'RESUMED', PAUSED: 'PAUSED', CLOSED: 'MET' } as const;
  let events = [event('STARTED', cycle.start)];
  segments.forEach(({ from, mode }, index) => {
    if (from <= now && (index > 0 || mode !== 'RUNNING')) events.push(event(label[mode], from));
  });
  if (cycle.end !== null) events.push(event('MET', cycle.end));
  if (breached) events = [...events.filter((e) => e.at.getTime() <= breachAt), event('BREACHED', breachAt)];

  const ongoing = stoppedAt === null && !breached;
  const changesAt = ongoing
    ? [breachAt, atRiskAt, ...segments.map((s) => s.from)].filter((t): t is number => t !== null && t > now)
    : [];
  return { status, events, changesAt };
}
