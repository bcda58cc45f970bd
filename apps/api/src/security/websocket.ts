import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { SecurityConfig } from '../config.ts';
import { clientAddress, isAllowedOrigin, requestHost } from './client.ts';
import type { RateLimits } from './rate-limit.ts';

type Verdict = (accept: boolean, status?: number, message?: string, headers?: OutgoingHttpHeaders) => void;

/**
 * Decides on a WebSocket upgrade before it happens (ws's verifyClient). A browser always sends its page's Origin:
 * a foreign one is refused with 403, since the browser would attach the session cookie for it (cross-site
 * WebSocket hijacking). Tools that send no Origin carry their own token. Then the address's connection budget.
 */
export function webSocketGate(config: SecurityConfig, limits: RateLimits | null) {
  return (info: { req: IncomingMessage }, verdict: Verdict) => {
    const { req } = info;
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, requestHost(req, config.trustProxy), config.allowedOrigins))
      return verdict(false, 403, 'Forbidden');
    if (!limits) return verdict(true);
    limits.webSocketConnection(clientAddress(req, config.trustProxy)).then(
      (wait) =>
        wait === null
          ? verdict(true)
          : verdict(false, 429, 'Too Many Requests', { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) }),
      () => verdict(true),
    );
  };
}
