import { describe, expect, it } from 'vitest';
import { signSurveyToken, verifySurveyToken } from './token.ts';

const key = 'k'.repeat(43);
const ticketId = '019ab5d2-6c1e-7d3a-9f00-0123456789ab';
const now = new Date('2026-11-23T10:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe('survey tokens', () => {
  it('round-trips a claim until it expires', () => {
    const token = signSurveyToken(key, { ticketId, expiresAt: inDays(14) });
    expect(verifySurveyToken(key, token, now)).toEqual({ ok: true, claim: { ticketId, expiresAt: inDays(14) } });
    expect(verifySurveyToken(key, token, inDays(13.9)).ok).toBe(true);
    expect(verifySurveyToken(key, token, inDays(14))).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses a token signed with another key, or with its ticket or expiry changed', () => {
    const token = signSurveyToken(key, { ticketId, expiresAt: inDays(14) });
    expect(verifySurveyToken('other-key', token, now)).toEqual({ ok: false, reason: 'MALFORMED' });
    const [, expires, signature] = token.split('.');
    const otherTicket = '019ab5d2-6c1e-7d3a-9f00-0123456789ac';
    expect(verifySurveyToken(key, `${otherTicket}.${expires}.${signature}`, now).ok).toBe(false);
    expect(verifySurveyToken(key, `${ticketId}.${Number(expires) + 86_400}.${signature}`, now).ok).toBe(false);
  });

  it.each(['', 'abc', 'a.b.c', `${ticketId}.x.y`, `${ticketId}.1.2.3`])('refuses malformed token %j', (token) => {
    expect(verifySurveyToken(key, token, now)).toEqual({ ok: false, reason: 'MALFORMED' });
  });
});
