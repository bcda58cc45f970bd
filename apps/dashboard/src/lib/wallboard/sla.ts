export type SlaLevel = 'ok' | 'at-risk' | 'breached';

/** Within this much of the deadline a ticket is "at risk" (unless told otherwise). */
export const DEFAULT_AT_RISK_MS = 30 * 60 * 1000;

export function slaLevel(remainingMs: number, atRiskMs = DEFAULT_AT_RISK_MS): SlaLevel {
  if (remainingMs <= 0) return 'breached';
  return remainingMs <= atRiskMs ? 'at-risk' : 'ok';
}
