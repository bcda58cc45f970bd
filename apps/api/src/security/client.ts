import type { IncomingMessage } from 'node:http';
import type { Context } from '@sportello/schema/context';

/**
 * What the security plugins read from the GraphQL context: the viewer, and the Node request it came with — an HTTP
 * request (Yoga's server context; `request` is then its Fetch twin) or a WebSocket upgrade (graphql-ws, no `request`).
 */
export type ConnectionContext = Partial<Context> & { req: IncomingMessage; request?: Request };

/**
 * The client's address. Behind one reverse proxy (SPORTELLO_TRUST_PROXY=true) it is the last address in
 * X-Forwarded-For, the one the proxy added itself; the earlier ones are whatever the client wrote.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return direct;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? direct;
}

/** The host the client asked for: the proxy's forwarded one when it is trusted. */
export function requestHost(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.headers['x-forwarded-host'] : undefined;
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host;
  return host?.split(',')[0]?.trim().toLowerCase();
}

/** Whether the request came over HTTPS (directly, or to the trusted proxy in front). */
export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ('encrypted' in req.socket && req.socket.encrypted) return true;
  return trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

/**
 * The dashboard's own origin (the API serves it) and the configured ones may call the API with credentials;
 * any other origin is foreign.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, allowedOrigins: string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
