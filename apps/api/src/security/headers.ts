import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CORSOptions } from 'graphql-yoga';
import type { SecurityConfig } from '../config.ts';
import { CSRF_HEADER } from './csrf.ts';
import { isAllowedOrigin, isSecure, requestHost } from './client.ts';

/**
 * SvelteKit's single-page build starts the app with one inline <script> in index.html: the policy allows exactly
 * that script by its hash, and no other inline code.
 */
export function inlineScriptHashes(dashboardDir: string): string[] {
  const index = join(dashboardDir, 'index.html');
  if (!existsSync(index)) return [];
  const html = readFileSync(index, 'utf8');
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
}

function contentSecurityPolicy(scriptHashes: string[], host: string | undefined) {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    // Svelte writes style attributes and transition styles.
    "style-src 'self' 'unsafe-inline'",
    // Photos of attachments, and previews of the files being attached (blob: URLs).
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' covers ws: and wss: only in recent browsers.
    `connect-src 'self'${host ? ` ws://${host} wss://${host}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers for every HTTP response: the dashboard, the API, attachments. The content security policy is left out
 * of GraphiQL (development only), which loads its code from a CDN.
 */
export function createSecurityHeaders(config: SecurityConfig, dashboardDir: string) {
  const scriptHashes = inlineScriptHashes(dashboardDir);
  return (req: IncomingMessage, res: ServerResponse, options: { graphiql: boolean }) => {
    const host = requestHost(req, config.trustProxy);
    const graphiqlPage = options.graphiql && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (!graphiqlPage) res.setHeader('Content-Security-Policy', contentSecurityPolicy(scriptHashes, host));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    // Survey links carry a signed token in the URL: no page tells another site where it came from.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    // Attachments and API responses are not for other sites to embed.
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
    res.setHeader('Vary', 'Origin');
    if (isSecure(req, config.trustProxy))
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}

/**
 * CORS for the dashboard's origin only (the API's own, plus SPORTELLO_ALLOWED_ORIGINS): credentials and the
 * CSRF header are allowed for those, nothing for any other origin. Yoga's default would echo any origin back.
 */
export function corsOptions(config: SecurityConfig) {
  return (request: Request): CORSOptions | false => {
    const origin = request.headers.get('origin');
    const host = (
      (config.trustProxy ? request.headers.get('x-forwarded-host') : null) ?? request.headers.get('host')
    )?.toLowerCase();
    if (!origin || !isAllowedOrigin(origin, host, config.allowedOrigins)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', CSRF_HEADER],
      maxAge: 600,
    };
  };
}
