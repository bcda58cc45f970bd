import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links carry a signed token instead of requiring a login: `<ticketId>.<expiresAt in epoch seconds>.<mac>`,
 * the MAC being HMAC-SHA256 over the first two parts with the instance's survey key. Pure functions: the key and
 * the clock come from the caller.
 */
export interface SurveyClaim {
  ticketId: string;
  expiresAt: Date;
}

export type SurveyTokenCheck = { ok: true; claim: SurveyClaim } | { ok: false; reason: 'MALFORMED' | 'EXPIRED' };

const mac = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signSurveyToken(key: string, claim: SurveyClaim): string {
  const payload = `${claim.ticketId}.${Math.floor(claim.expiresAt.getTime() / 1000)}`;
  return `${payload}.${mac(key, payload)}`;
}

export function verifySurveyToken(key: string, token: string, now: Date): SurveyTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'MALFORMED' };
  const [ticketId, expiresAtSeconds, givenMac] = parts as [string, string, string];
  if (!/^[0-9a-f-]{36}$/i.test(ticketId) || !/^\d{1,12}$/.test(expiresAtSeconds)) {
    return { ok: false, reason: 'MALFORMED' };
  }
  const expected = Buffer.from(mac(key, `${ticketId}.${expiresAtSeconds}`));
  const given = Buffer.from(givenMac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'MALFORMED' };
  const expiresAt = new Date(Number(expiresAtSeconds) * 1000);
  // An expired link is refused even though its signature is good.
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, claim: { ticketId, expiresAt } };
}
