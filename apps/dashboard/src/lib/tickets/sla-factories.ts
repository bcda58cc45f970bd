import type { SlaTargetData, TicketSlaData } from './sla';

/** A running target as the server sends it: 1 h target, 15 min used, due at `dueAt`. */
export function slaTarget(overrides: Partial<SlaTargetData> = {}): SlaTargetData {
  return {
    state: 'RUNNING',
    targetSeconds: 3600,
    dueAt: '2026-11-23T10:45:00.000Z',
    startedAt: '2026-11-23T09:45:00.000Z',
    stoppedAt: null,
    elapsedSeconds: 900,
    remainingSeconds: 2700,
    breachedAt: null,
    ...overrides,
  };
}

export function ticketSla(overrides: Partial<TicketSlaData> = {}): TicketSlaData {
  return {
    policy: { id: 'policy-gold', name: 'Contratto Gold', atRiskFraction: 0.2 },
    firstResponse: slaTarget(),
    nextResponse: null,
    resolution: slaTarget({
      targetSeconds: 8 * 3600,
      dueAt: '2026-11-23T17:45:00.000Z',
      elapsedSeconds: 900,
      remainingSeconds: 8 * 3600 - 900,
    }),
    ...overrides,
  };
}
