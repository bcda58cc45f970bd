import { describe, expect, it } from 'vitest';
import { slaTargetView } from './sla';
import { slaTarget } from './sla-factories';

const due = Date.parse('2026-11-23T10:45:00.000Z');
const MINUTE = 60_000;

describe('slaTargetView', () => {
  it('counts down to the due instant while running', () => {
    expect(slaTargetView(slaTarget(), 0.2, due - 30 * MINUTE)).toEqual({
      state: 'RUNNING',
      untilDueMs: 30 * MINUTE,
      overdueMs: null,
    });
  });

  it('turns at risk once the wall-clock time left is within the at-risk share of the target', () => {
    // 20 % of one hour: 12 minutes.
    expect(slaTargetView(slaTarget(), 0.2, due - 12 * MINUTE - 1000).state).toBe('RUNNING');
    expect(slaTargetView(slaTarget(), 0.2, due - 12 * MINUTE).state).toBe('AT_RISK');
  });

  it('keeps the server’s at-risk state even with more time left on the wall clock', () => {
    expect(slaTargetView(slaTarget({ state: 'AT_RISK' }), 0.2, due - 50 * MINUTE).state).toBe('AT_RISK');
  });

  it('turns breached at the due instant, and counts the delay', () => {
    expect(slaTargetView(slaTarget(), 0.2, due + 5000)).toEqual({
      state: 'BREACHED',
      untilDueMs: -5000,
      overdueMs: 5000,
    });
  });

  it('counts the delay of a breached target until it stops', () => {
    const breachedAt = '2026-11-23T10:45:00.000Z';
    expect(slaTargetView(slaTarget({ state: 'BREACHED', breachedAt }), 0.2, due + MINUTE).overdueMs).toBe(MINUTE);
    const stopped = slaTarget({ state: 'BREACHED', breachedAt, stoppedAt: '2026-11-23T11:00:00.000Z' });
    expect(slaTargetView(stopped, 0.2, due + 60 * MINUTE).overdueMs).toBeNull();
  });

  it('leaves paused and met targets as the server said', () => {
    expect(slaTargetView(slaTarget({ state: 'PAUSED', dueAt: null }), 0.2, due + MINUTE)).toEqual({
      state: 'PAUSED',
      untilDueMs: null,
      overdueMs: null,
    });
    expect(slaTargetView(slaTarget({ state: 'MET' }), 0.2, due + MINUTE).state).toBe('MET');
  });
});
