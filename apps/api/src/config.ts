import { attachmentLimits } from '@sportello/schema/domain/attachment-limits';

/**
 * The API's security settings, all from the environment, each with a safe default. This is the one place that
 * lists them:
 *
 * | variable                          | default                          | what                                          |
 * | --------------------------------- | -------------------------------- | --------------------------------------------- |
 * | NODE_ENV=production               | (not production)                 | introspection only for staff and API tokens   |
 * | SPORTELLO_INTROSPECTION           | `staff` in production, else `all`| `staff` or `all`                              |
 * | SPORTELLO_ALLOWED_ORIGINS         | none (only the API's own origin) | other origins allowed to call the API with    |
 * |                                   |                                  | credentials (comma-separated, e.g.            |
 * |                                   |                                  | `https://helpdesk.example.com`); outside      |
 * |                                   |                                  | production the Vite dev server's too          |
 * | SPORTELLO_TRUST_PROXY=true        | false                            | the client address is the last one in         |
 * |                                   |                                  | X-Forwarded-For (one reverse proxy in front)  |
 * | SPORTELLO_RATE_LIMITS=off         | on                               | turns every rate limit off (benchmarks)       |
 * | SPORTELLO_RATE_LIMIT_USER         | 1200 a minute                    | operations per signed-in user / per API token |
 * | SPORTELLO_RATE_LIMIT_ANONYMOUS    | 300 a minute                     | operations per address without credentials    |
 * | SPORTELLO_RATE_LIMIT_LOGIN        | 10 in 15 minutes                 | failed sign-ins per address and email         |
 * | SPORTELLO_RATE_LIMIT_LOGIN_IP     | 100 an hour                      | failed sign-ins per address, any email        |
 * | SPORTELLO_RATE_LIMIT_WS           | 60 a minute                      | WebSocket connections per address             |
 * | REDIS_URL                         | none                             | rate limits shared by every instance          |
 * | SPORTELLO_MAX_DEPTH               | 10                               | query depth                                   |
 * | SPORTELLO_MAX_COST                | 50000                            | query cost (graphql-armor's estimate)         |
 * | SPORTELLO_MAX_ALIASES             | 15                               | aliases in one query                          |
 * | SPORTELLO_MAX_TOKENS              | 2000                             | tokens in one query document                  |
 * | SPORTELLO_MAX_DIRECTIVES          | 20                               | directives in one query                       |
 * | SPORTELLO_MAX_BODY_BYTES          | 1 MiB                            | a JSON request body, and a WebSocket message  |
 *
 * Uploads (multipart) may be as large as the attachments a note takes (10 files of 10 MB) plus the JSON part.
 */
export interface SecurityConfig {
  production: boolean;
  /** Who may introspect the schema: everyone, or staff sessions and API tokens only. */
  introspection: 'all' | 'staff';
  /** Origins besides the API's own that may call it with credentials (exact `scheme://host[:port]`). */
  allowedOrigins: string[];
  trustProxy: boolean;
  queryLimits: { maxDepth: number; maxCost: number; maxAliases: number; maxTokens: number; maxDirectives: number };
  bodyLimits: { maxJsonBytes: number; maxMultipartBytes: number; maxWebSocketMessageBytes: number };
  /** Null when rate limiting is off. */
  rateLimits: RateLimitConfig | null;
}

export interface Budget {
  points: number;
  /** Seconds over which `points` may be spent. */
  duration: number;
}

export interface RateLimitConfig {
  /** Shared by every instance when set (RateLimiterRedis); in this process's memory otherwise. */
  redisUrl: string | null;
  /** Keeps apart the counters of several deployments (or test runs) sharing one Redis. */
  keyPrefix: string;
  /** Operations (HTTP requests and WebSocket subscribe messages) per signed-in user, and per API token. */
  user: Budget;
  /** Operations per client address, for requests without valid credentials. */
  anonymous: Budget;
  /** Failed sign-ins per address and email: brute force on one account. */
  loginPerEmail: Budget;
  /** Failed sign-ins per address, whatever the email: password spraying. */
  loginPerAddress: Budget;
  /** WebSocket connection attempts per address. */
  webSocketConnections: Budget;
}

const MINUTE = 60;
const MiB = 1024 * 1024;

/** The Vite dev server (apps/dashboard `npm run dev`) proxies to the API from its own origin. */
const devServerOrigins = ['http://localhost:5173', 'http://127.0.0.1:5173'];

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}".`);
  return value;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const production = env.NODE_ENV === 'production';
  const introspection = env.SPORTELLO_INTROSPECTION ?? (production ? 'staff' : 'all');
  if (introspection !== 'all' && introspection !== 'staff')
    throw new Error(`SPORTELLO_INTROSPECTION must be "staff" or "all", not "${introspection}".`);
  const maxJsonBytes = positiveInt(env, 'SPORTELLO_MAX_BODY_BYTES', MiB);
  const origins = (env.SPORTELLO_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean);
  for (const origin of origins) {
    if (new URL(origin).origin !== origin)
      throw new Error(`SPORTELLO_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port]).`);
  }
  return {
    production,
    introspection,
    allowedOrigins: production ? origins : [...origins, ...devServerOrigins],
    trustProxy: env.SPORTELLO_TRUST_PROXY === 'true',
    queryLimits: {
      maxDepth: positiveInt(env, 'SPORTELLO_MAX_DEPTH', 10),
      maxCost: positiveInt(env, 'SPORTELLO_MAX_COST', 50_000),
      maxAliases: positiveInt(env, 'SPORTELLO_MAX_ALIASES', 15),
      maxTokens: positiveInt(env, 'SPORTELLO_MAX_TOKENS', 2_000),
      maxDirectives: positiveInt(env, 'SPORTELLO_MAX_DIRECTIVES', 20),
    },
    bodyLimits: {
      maxJsonBytes,
      maxMultipartBytes: attachmentLimits.maxFiles * attachmentLimits.maxBytes + maxJsonBytes,
      maxWebSocketMessageBytes: maxJsonBytes,
    },
    rateLimits:
      env.SPORTELLO_RATE_LIMITS === 'off'
        ? null
        : {
            redisUrl: env.REDIS_URL || null,
            keyPrefix: 'sportello-rl',
            user: { points: positiveInt(env, 'SPORTELLO_RATE_LIMIT_USER', 1200), duration: MINUTE },
            anonymous: { points: positiveInt(env, 'SPORTELLO_RATE_LIMIT_ANONYMOUS', 300), duration: MINUTE },
            loginPerEmail: { points: positiveInt(env, 'SPORTELLO_RATE_LIMIT_LOGIN', 10), duration: 15 * MINUTE },
            loginPerAddress: { points: positiveInt(env, 'SPORTELLO_RATE_LIMIT_LOGIN_IP', 100), duration: 60 * MINUTE },
            webSocketConnections: { points: positiveInt(env, 'SPORTELLO_RATE_LIMIT_WS', 60), duration: MINUTE },
          },
  };
}
