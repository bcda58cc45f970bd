import type { TicketDetailData } from './documents';
import { slaLevel } from '$lib/wallboard/sla';

/** The ticket's SLA clocks as the server evaluated them (fetched with the ticket, in `TicketDetail`). */
export type TicketSlaData = NonNullable<TicketDetailData['sla']>;
export type SlaTargetData = NonNullable<TicketSlaData['firstResponse']>;
export type SlaTargetName = 'firstResponse' | 'nextResponse' | 'resolution';
export const SLA_TARGET_NAMES: readonly SlaTargetName[] = ['firstResponse', 'nextResponse', 'resolution'];
export type SlaState = 'RUNNING' | 'PAUSED' | 'MET' | 'BREACHED' | 'AT_RISK';

export interface SlaTargetView {
  /** The server's state, moved on by the local clock: a running target turns at risk, then breached. */
  state: SlaState;
  /** Wall-clock milliseconds to the due instant (negative past it); null when paused or met. */
  untilDueMs: number | null;
  /** Wall-clock milliseconds since the breach, while the breached target is not stopped. */
  overdueMs: number | null;
}

/**
 * What a target shows at `now` (epoch ms) without asking the server again. The due instant already accounts for the
 * business calendar, so reaching it means a breach. Business time left is never more than the wall-clock time left,
 * so a running target whose wall-clock time left falls within the policy's at-risk share is surely at risk (the
 * server may have said so earlier, and its word stands).
 */
export function slaTargetView(target: SlaTargetData, atRiskFraction: number, now: number): SlaTargetView {
  const state = target.state as SlaState;
  if (state === 'RUNNING' || state === 'AT_RISK') {
    if (!target.dueAt) return { state, untilDueMs: null, overdueMs: null };
    const untilDueMs = Date.parse(target.dueAt) - now;
    const level = slaLevel(untilDueMs, atRiskFraction * target.targetSeconds * 1000);
    if (level === 'breached') return { state: 'BREACHED', untilDueMs, overdueMs: -untilDueMs };
    return { state: level === 'at-risk' ? 'AT_RISK' : state, untilDueMs, overdueMs: null };
  }
  if (state === 'BREACHED') {
    const breachedAt = target.breachedAt ?? target.dueAt;
    const stillRunning = !target.stoppedAt;
    return {
      state,
      untilDueMs: null,
      overdueMs: breachedAt && stillRunning ? Math.max(0, now - Date.parse(breachedAt)) : null,
    };
  }
  return { state, untilDueMs: null, overdueMs: null };
}
