import { getOperationAST, Kind, valueFromASTUntyped, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { AppError } from '@sportello/schema/errors';
import type { Viewer } from '@sportello/schema/domain/identity';
import type { Budget, RateLimitConfig } from '../config.ts';
import { clientAddress, type ConnectionContext } from './client.ts';

/**
 * RATE_LIMITED, with the seconds to wait in `retryAfter`. Over HTTP the response is a 429 with Retry-After
 * (Yoga reads `extensions.http` and leaves it out of the body); over graphql-ws there is no status to set.
 */
export function rateLimited(msBeforeNext: number, transport: 'http' | 'ws' = 'http'): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many requests: try again in ${retryAfter} s.`, {
    retryAfter,
    ...(transport === 'http' ? { http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } } : {}),
  });
}

/**
 * The API's budgets: operations per user, per API token and per anonymous address; failed sign-ins per address
 * and email and per address; WebSocket connections per address. Counted in Redis when one is configured, so that
 * every instance spends the same budget (with a per-process counter as insurance while Redis is unreachable).
 */
export class RateLimits {
  private readonly redis: Redis | null;
  private readonly operationsPerUser: RateLimiterAbstract;
  private readonly operationsPerAddress: RateLimiterAbstract;
  private readonly loginsPerEmail: RateLimiterAbstract;
  private readonly loginsPerAddress: RateLimiterAbstract;
  private readonly webSocketConnections: RateLimiterAbstract;

  constructor(private readonly config: RateLimitConfig) {
    this.redis = config.redisUrl
      ? // A command waits for one reconnection at most; then the insurance limiter answers.
        new Redis(config.redisUrl, { maxRetriesPerRequest: 1 })
      : null;
    // An unreachable Redis is reported by the insurance limiter taking over, not by unhandled error events.
    this.redis?.on('error', () => undefined);
    const limiter = (name: string, budget: Budget): RateLimiterAbstract => {
      const options = { keyPrefix: `${config.keyPrefix}:${name}`, points: budget.points, duration: budget.duration };
      if (!this.redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        insuranceLimiter: new RateLimiterMemory(options),
      }) as RateLimiterStoreAbstract as unknown as RateLimiterAbstract;
    };
    this.operationsPerUser = limiter('user', config.user);
    this.operationsPerAddress = limiter('ip', config.anonymous);
    this.loginsPerEmail = limiter('login-email', config.loginPerEmail);
    this.loginsPerAddress = limiter('login-ip', config.loginPerAddress);
    this.webSocketConnections = limiter('ws', config.webSocketConnections);
  }

  /** Resolves once Redis is connected (or has not answered within 5 s: the insurance limiter then counts). */
  async ready(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** One operation (an HTTP request, a graphql-ws subscribe message): null when allowed, else the wait. */
  operation(viewer: Viewer | null, address: string): Promise<number | null> {
    if (viewer?.tokenId) return spend(this.operationsPerUser, `token:${viewer.tokenId}`);
    if (viewer) return spend(this.operationsPerUser, `user:${viewer.id}`);
    return spend(this.operationsPerAddress, address);
  }

  webSocketConnection(address: string): Promise<number | null> {
    return spend(this.webSocketConnections, address);
  }

  /** Whether another sign-in may be tried: null when allowed, else the wait. */
  async loginBlocked(address: string, email: string): Promise<number | null> {
    const [perEmail, perAddress] = await Promise.all([
      this.loginsPerEmail.get(`${address}:${email}`),
      this.loginsPerAddress.get(address),
    ]);
    const waits = [
      perEmail && perEmail.consumedPoints >= this.config.loginPerEmail.points ? perEmail.msBeforeNext : null,
      perAddress && perAddress.consumedPoints >= this.config.loginPerAddress.points ? perAddress.msBeforeNext : null,
    ].filter((wait): wait is number => wait !== null);
    return waits.length ? Math.max(...waits) : null;
  }

  async loginFailed(address: string, email: string): Promise<void> {
    await Promise.all([spend(this.loginsPerEmail, `${address}:${email}`), spend(this.loginsPerAddress, address)]);
  }

  /** A right password clears the failures counted for that email from that address. */
  async loginSucceeded(address: string, email: string): Promise<void> {
    await this.loginsPerEmail.delete(`${address}:${email}`);
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis!.disconnect());
  }
}

async function spend(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
    // The store failed and had no insurance: let the request through rather than take the API down.
    console.error('rate limiter failed', rejection);
    return null;
  }
}

/** The `login` fields of a mutation (aliases included), with the email each one tries. */
function loginAttempts(args: ExecutionArgs): Array<{ responseKey: string; email: string }> {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'mutation') return [];
  const attempts: Array<{ responseKey: string; email: string }> = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== 'login') continue;
    const argument = selection.arguments?.find((arg) => arg.name.value === 'email');
    const email = argument ? valueFromASTUntyped(argument.value, args.variableValues ?? undefined) : null;
    attempts.push({
      responseKey: selection.alias?.value ?? 'login',
      email: typeof email === 'string' ? email.trim().toLowerCase() : '',
    });
  }
  return attempts;
}

function failedLogin(result: ExecutionResult, responseKey: string) {
  return (result.errors ?? []).some(
    (error) => error.path?.[0] === responseKey && error.extensions?.code === 'INVALID_CREDENTIALS',
  );
}

/**
 * Spends one point of the viewer's budget (or of the address's, without credentials) on every operation, over
 * HTTP and graphql-ws alike, and keeps the separate budget of failed sign-ins.
 */
export function useRateLimits(limits: RateLimits, options: { trustProxy: boolean }): Plugin<ConnectionContext> {
  const addressOf = (context: ConnectionContext) => clientAddress(context.req, options.trustProxy);
  const transportOf = (context: ConnectionContext) => (context.request ? 'http' : 'ws');
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as ConnectionContext;
      const address = addressOf(context);
      const wait = await limits.operation(context.viewer ?? null, address);
      if (wait !== null) return void setResultAndStopExecution({ errors: [rateLimited(wait, transportOf(context))] });

      const attempts = loginAttempts(args);
      if (!attempts.length) return;
      for (const { email } of attempts) {
        const blocked = await limits.loginBlocked(address, email);
        if (blocked !== null)
          return void setResultAndStopExecution({ errors: [rateLimited(blocked, transportOf(context))] });
      }
      return {
        async onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return;
          for (const { responseKey, email } of attempts) {
            if (failedLogin(result, responseKey)) await limits.loginFailed(address, email);
            else if (result.data?.[responseKey]) await limits.loginSucceeded(address, email);
          }
        },
      };
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as ConnectionContext;
      const wait = await limits.operation(context.viewer ?? null, addressOf(context));
      if (wait !== null) setResultAndStopExecution({ errors: [rateLimited(wait, transportOf(context))] });
    },
  };
}
