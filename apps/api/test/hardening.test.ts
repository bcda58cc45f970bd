import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecurityConfig, type SecurityConfig } from '../src/config.ts';
import { inlineScriptHashes } from '../src/security/headers.ts';
import { useQueryLimits } from '../src/security/limits.ts';
import { collect, startTestApi, type TestApi } from './harness.ts';

type Fixture = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let operator: Fixture;
let supervisor: Fixture;
let customer: Fixture;
let queueId: string;
const extraApps: Array<{ close: () => Promise<void> }> = [];

const ME = `query { me { id } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id } }`;
const INTROSPECTION = `{ __schema { queryType { name } } }`;
const CSRF = { 'x-graphql-yoga-csrf': '1' };

/**
 * Another API in this process, on the same database, with its own settings (small budgets, production mode…).
 * Its rate limits are its own: each starts with full budgets.
 */
async function startApp(overrides: (config: SecurityConfig) => SecurityConfig) {
  const { buildApp } = await import('../src/app.ts');
  const app = buildApp({ security: overrides(loadSecurityConfig({})) });
  const { url } = await app.start(0);
  extraApps.push(app);
  return { url, app };
}

const withRateLimits =
  (rateLimits: Partial<NonNullable<SecurityConfig['rateLimits']>>) => (config: SecurityConfig) => ({
    ...config,
    rateLimits: { ...config.rateLimits!, keyPrefix: `test-${randomUUID()}`, ...rateLimits },
  });

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: any;
    errors?: Array<{ message: string; extensions?: Record<string, any> }>;
  };
  return { status: response.status, headers: response.headers, ...body };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codeOf = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) =>
  result.errors?.[0]?.extensions?.code;

async function login(url: string, user: Fixture) {
  const result = await post(url, LOGIN, { email: user.email, password: user.password });
  expect(result.errors).toBeUndefined();
  return result.headers.get('set-cookie')!.split(';')[0]!;
}

function wsClient(url: string, options: { token?: string; cookie?: string; origin?: string } = {}): Client {
  const headers = {
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
  };
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** How an open subscription ends: the close code of its socket, or 'complete'. Bounded in time. */
function endingOf(client: Client, query: string, timeoutMs = 10_000) {
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  client.on('connected', () => ready());
  const ended = new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => resolve('still open'), timeoutMs);
    client.subscribe(
      { query },
      {
        next: () => undefined,
        error: (error) => {
          clearTimeout(timer);
          resolve((error as { code?: number }).code ?? JSON.stringify(error));
        },
        complete: () => {
          clearTimeout(timer);
          resolve('complete');
        },
      },
    );
  });
  return { started, ended };
}

/** The status with which the server answers a WebSocket upgrade (101 when it accepts it). */
function upgradeStatus(url: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => undefined);
  });
}

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.fixtures.user('OPERATOR');
  supervisor = await api.fixtures.user('SUPERVISOR');
  const organisation = await api.fixtures.customer();
  customer = await api.fixtures.user('CUSTOMER', { customerId: organisation.id });
  const queue = await api.fixtures.queue();
  queueId = queue.id;
  await api.db.category.create({ data: { name: 'Stampanti', queueId } });
});

afterAll(async () => {
  for (const app of extraApps) await app.close();
  await api?.stop();
});

describe('query limits (graphql-armor)', () => {
  /** queues → categories → queue → categories … : a query as deep as asked. */
  const deepQuery = (levels: number) => {
    let selection = 'id';
    for (let level = 1; level < levels; level++) selection = `${level % 2 ? 'queue' : 'categories'} { ${selection} }`;
    return `{ queues { ${selection.replace(/^queue/, 'categories')} } }`;
  };

  it('refuses a query deeper than 10 with QUERY_TOO_COMPLEX and 400, and runs one of depth 10', async () => {
    const refused = await post(api.url, deepQuery(12), {}, bearer(operator.token));
    expect([200, 400]).toContain(refused.status); // 400 for application/graphql-response+json
    expect(refused.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(refused.data).toBeUndefined();

    const accepted = await post(api.url, deepQuery(9), {}, bearer(operator.token));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.queues.length).toBeGreaterThan(0);
  });

  it('refuses too many aliases, tokens or directives, each with its limit named', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    const tokens = `{ me { ${'id '.repeat(2_000)} } }`;
    const directives = `{ me { ${'id @include(if: true) '.repeat(21)} } }`;
    for (const [query, limit] of [
      [aliases, 'aliases'],
      [tokens, 'tokens'],
      [directives, 'directives'],
    ] as const) {
      const result = await post(api.url, query, {}, bearer(operator.token));
      expect([200, 400], limit).toContain(result.status);
      expect(result.errors![0]!.extensions, limit).toEqual({ code: 'QUERY_TOO_COMPLEX', limit });
    }
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    expect((await post(api.url, fifteen, {}, bearer(operator.token))).errors).toBeUndefined();
  });

  it('refuses a query whose estimated cost is over the limit', async () => {
    const { url } = await startApp((config) => ({ ...config, queryLimits: { ...config.queryLimits, maxCost: 50 } }));
    const result = await post(
      url,
      `{ tickets(first: 100) { edges { node { id code } } } }`,
      {},
      bearer(operator.token),
    );
    expect([200, 400]).toContain(result.status);
    expect(result.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect((await post(url, ME, {}, bearer(operator.token))).errors).toBeUndefined();
  });

  it('applies to graphql-ws subscriptions too', async () => {
    const client = wsClient(api.url, { token: operator.token });
    const deep = `subscription { ticketEvents { ticket { queue { categories { queue { categories { queue { categories { queue { categories { id } } } } } } } } } } }`;
    const outcome = await collect(client, deep, {}, 1, 5_000).done.then(
      () => null,
      (errors: unknown) => errors,
    );
    await client.dispose();
    expect(outcome).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }) }),
    ]);
  });

  it('lets every query, mutation and subscription of the dashboard through the default limits', async () => {
    const dashboardSrc = new URL('../../dashboard/src', import.meta.url).pathname;
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(entry) && !entry.includes('.spec.')) sources.push(readFileSync(path, 'utf8'));
      }
    };
    walk(dashboardSrc);
    const literals = sources.flatMap((source) =>
      [...source.matchAll(/graphql\(\s*`([^`]*)`/g)].map((match) => match[1]!.replace(/@_unmask/g, '')),
    );
    const fragments = new Map(
      literals.flatMap((text) => [...text.matchAll(/fragment (\w+) on/g)].map((match) => [match[1]!, text] as const)),
    );
    const operations = literals.filter((text) => /^\s*(query|mutation|subscription)\b/.test(text));
    expect(operations.length).toBeGreaterThan(20);

    const { schema } = await import('@sportello/schema');
    const yoga = createYoga({ schema, plugins: [useQueryLimits(loadSecurityConfig({ NODE_ENV: 'production' }))] });
    const { parse: parseWithLimits, validate } = yoga.getEnveloped({});
    for (const operation of operations) {
      let document = operation;
      const used = new Set<string>();
      for (let grown = true; grown;) {
        grown = false;
        for (const [name, fragment] of fragments) {
          if (used.has(name) || !new RegExp(`\\.\\.\\.${name}\\b`).test(document)) continue;
          used.add(name);
          document += `\n${fragment}`;
          grown = true;
        }
      }
      const errors = validate(schema, parseWithLimits(document));
      expect(
        errors.map((error: { message: string }) => error.message),
        operation.slice(0, 80),
      ).toEqual([]);
    }
  });
});

describe('rate limits', () => {
  it('gives every API token and every user its own budget, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const { url } = await startApp(withRateLimits({ user: { points: 3, duration: 60 } }));
    for (let i = 0; i < 3; i++) expect((await post(url, ME, {}, bearer(operator.token))).errors).toBeUndefined();
    const refused = await post(url, ME, {}, bearer(operator.token));
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
    expect(refused.errors![0]!.extensions!.retryAfter).toBeLessThanOrEqual(60);
    expect(Number(refused.headers.get('retry-after'))).toBe(refused.errors![0]!.extensions!.retryAfter);
    expect(refused.data).toBeUndefined();

    // Another token, and the same user's browser session, have budgets of their own.
    expect((await post(url, ME, {}, bearer(supervisor.token))).errors).toBeUndefined();
    const cookie = await login(url, operator);
    expect((await post(url, ME, {}, { cookie })).data.me.id).toBe(operator.id);
  });

  it('counts requests without credentials per address', async () => {
    const { url } = await startApp(withRateLimits({ anonymous: { points: 2, duration: 60 } }));
    const TYPENAME = `{ __typename }`;
    expect((await post(url, TYPENAME)).errors).toBeUndefined();
    expect((await post(url, TYPENAME, {}, bearer('spt_not-a-token'))).errors).toBeUndefined();
    const refused = await post(url, TYPENAME);
    expect([refused.status, codeOf(refused)]).toEqual([429, 'RATE_LIMITED']);
    expect((await post(url, TYPENAME, {}, bearer(operator.token))).errors).toBeUndefined();
  });

  it('stops guessing passwords: failed sign-ins per address and email, then even the right password waits', async () => {
    const { url } = await startApp(withRateLimits({ loginPerEmail: { points: 3, duration: 900 } }));
    const attempt = (user: Fixture, password: string) => post(url, LOGIN, { email: user.email, password });
    for (let i = 0; i < 3; i++) expect(codeOf(await attempt(operator, 'wrong password'))).toBe('INVALID_CREDENTIALS');
    const blocked = await attempt(operator, operator.password);
    expect([blocked.status, codeOf(blocked)]).toEqual([429, 'RATE_LIMITED']);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    // Aliases do not buy more attempts: the blocked email is refused whatever the field is called.
    const aliased = await post(url, `mutation($e: String!) { a: login(email: $e, password: "x") { id } }`, {
      e: operator.email.toUpperCase(),
    });
    expect(codeOf(aliased)).toBe('RATE_LIMITED');
    // Another account is not locked by someone else's failures; a success clears its own.
    expect(codeOf(await attempt(supervisor, 'wrong password'))).toBe('INVALID_CREDENTIALS');
    expect((await attempt(supervisor, supervisor.password)).errors).toBeUndefined();
  });

  it('limits failed sign-ins per address whatever the email', async () => {
    const { url } = await startApp(withRateLimits({ loginPerAddress: { points: 2, duration: 3600 } }));
    for (const email of ['a@nowhere.test', 'b@nowhere.test'])
      expect(codeOf(await post(url, LOGIN, { email, password: 'x' }))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await post(url, LOGIN, { email: supervisor.email, password: supervisor.password }))).toBe(
      'RATE_LIMITED',
    );
  });

  it('limits WebSocket connections per address, and subscribe messages with the operations budget', async () => {
    const { url } = await startApp(
      withRateLimits({ webSocketConnections: { points: 2, duration: 60 }, user: { points: 2, duration: 60 } }),
    );
    expect(await upgradeStatus(url)).toBe(101);
    const client = wsClient(url, { token: operator.token });
    const query = `subscription { ticketEvents { id } }`;
    const first = collect(client, query, {}, 100, 1_000);
    await first.started;
    expect(await upgradeStatus(url)).toBe(429);
    const second = collect(client, query, {}, 100, 1_000);
    const third = await collect(client, query, {}, 1, 5_000).done;
    expect(third).toEqual([
      { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })] },
    ]);
    await Promise.all([first.done, second.done]);
    await client.dispose();
  });

  it('is off with SPORTELLO_RATE_LIMITS=off, and on by default', () => {
    expect(loadSecurityConfig({ SPORTELLO_RATE_LIMITS: 'off' }).rateLimits).toBeNull();
    expect(loadSecurityConfig({}).rateLimits).toMatchObject({ redisUrl: null, user: { points: 1200 } });
    expect(() => loadSecurityConfig({ SPORTELLO_RATE_LIMIT_USER: 'lots' })).toThrow(/positive whole number/);
  });

  it.skipIf(!process.env.TEST_REDIS_URL)('shares the budgets of every instance through Redis', async () => {
    const shared = withRateLimits({ redisUrl: process.env.TEST_REDIS_URL!, user: { points: 4, duration: 60 } });
    const config = shared(loadSecurityConfig({}));
    const one = await startApp(() => config);
    const two = await startApp(() => config);
    for (const url of [one.url, two.url, one.url, two.url])
      expect((await post(url, ME, {}, bearer(customer.token))).errors).toBeUndefined();
    expect(codeOf(await post(two.url, ME, {}, bearer(customer.token)))).toBe('RATE_LIMITED');
    expect(codeOf(await post(one.url, ME, {}, bearer(customer.token)))).toBe('RATE_LIMITED');
  });
});

describe('request sizes', () => {
  it('refuses a JSON body over 1 MB with 413 PAYLOAD_TOO_LARGE, before reading it', async () => {
    const result = await post(api.url, ME, { padding: 'x'.repeat(1024 * 1024) }, bearer(operator.token));
    expect([result.status, codeOf(result)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('refuses an upload larger than a note may carry with 413', async () => {
    const { url } = await startApp((config) => ({
      ...config,
      bodyLimits: { ...config.bodyLimits, maxMultipartBytes: 10_000 },
    }));
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: ME, variables: {} }));
    form.append('0', new Blob([new Uint8Array(20_000)], { type: 'image/png' }), 'big.png');
    const response = await fetch(url, { method: 'POST', headers: bearer(operator.token), body: form });
    expect(response.status).toBe(413);
    expect(codeOf((await response.json()) as any)).toBe('PAYLOAD_TOO_LARGE');
    // The attachment limits of a note (10 files of 10 MB) fit under the default.
    expect(loadSecurityConfig({}).bodyLimits.maxMultipartBytes).toBeGreaterThan(100 * 1024 * 1024);
  });

  it('closes a WebSocket that sends a message over 1 MB (1009)', async () => {
    const socket = new WebSocket(api.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(1024 * 1024 + 1) } }));
    expect(await closed).toBe(1009);
  });
});

describe('headers and origins', () => {
  it('sends the security headers with every response: API, health check, dashboard and files', async () => {
    for (const path of ['/healthz', '/graphql?query=%7B__typename%7D', '/files/unknown']) {
      const response = await fetch(new URL(path, api.url), { headers: bearer(operator.token) });
      const csp = response.headers.get('content-security-policy')!;
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      // Plain HTTP: no HSTS (it would be ignored, and would lock out a deployment without TLS).
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends HSTS when the trusted proxy says the request came over HTTPS', async () => {
    const { url } = await startApp((config) => ({ ...config, trustProxy: true }));
    const response = await fetch(new URL('/healthz', url), { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const untrusted = await fetch(new URL('/healthz', api.url), { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
  });

  it("allows exactly the dashboard's inline start-up script, by its hash", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sportello-build-'));
    const script = '\n\t\t\t{ __sveltekit_x = { base: "" }; }\n\t\t';
    await writeFile(
      join(dir, 'index.html'),
      `<html><script type="module" src="/a.js"></script><script>${script}</script></html>`,
    );
    const expected = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    expect(inlineScriptHashes(dir)).toEqual([expected]);
    await rm(dir, { recursive: true, force: true });
  });

  it('answers CORS only for the API’s own origin and the configured ones, credentials included', async () => {
    const own = new URL(api.url).origin;
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const foreign = await preflight(api.url, 'https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
    const simple = await fetch(api.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: ME }),
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();

    const same = await preflight(api.url, own);
    expect(same.headers.get('access-control-allow-origin')).toBe(own);
    expect(same.headers.get('access-control-allow-credentials')).toBe('true');

    const { url } = await startApp((config) => ({ ...config, allowedOrigins: ['https://helpdesk.example.com'] }));
    const configured = await preflight(url, 'https://helpdesk.example.com');
    expect(configured.headers.get('access-control-allow-origin')).toBe('https://helpdesk.example.com');
    expect(
      (await preflight(url, 'https://helpdesk.example.com.evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('reads SPORTELLO_ALLOWED_ORIGINS, and allows the Vite dev server only outside production', () => {
    expect(
      loadSecurityConfig({ NODE_ENV: 'production', SPORTELLO_ALLOWED_ORIGINS: 'https://a.example, https://b.example/' })
        .allowedOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(loadSecurityConfig({}).allowedOrigins).toContain('http://localhost:5173');
    expect(() => loadSecurityConfig({ SPORTELLO_ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/not an origin/);
  });

  it('refuses a WebSocket upgrade from a foreign page (cross-site WebSocket hijacking), not from its own', async () => {
    const cookie = await login(api.url, operator);
    expect(await upgradeStatus(api.url, { origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgradeStatus(api.url, { origin: new URL(api.url).origin, cookie })).toBe(101);
    expect(await upgradeStatus(api.url, { cookie })).toBe(101);
  });
});

describe('CSRF', () => {
  const getUrl = (query: string) => `${api.url}?query=${encodeURIComponent(query)}`;

  it('refuses a GET sent with the session cookie and without the header, and takes it with the header', async () => {
    const cookie = await login(api.url, operator);
    const refused = await fetch(getUrl(ME), { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect(codeOf((await refused.json()) as any)).toBe('CSRF_REJECTED');

    const accepted = await fetch(getUrl(ME), { headers: { cookie, ...CSRF } });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as any).data.me.id).toBe(operator.id);
  });

  it('refuses a cookie multipart POST without the header before running it, and a form-encoded one', async () => {
    const cookie = await login(api.url, operator);
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: `mutation { logout }` }));
    const refused = await fetch(api.url, { method: 'POST', headers: { cookie }, body: form });
    expect(refused.status).toBe(403);
    expect(codeOf((await refused.json()) as any)).toBe('CSRF_REJECTED');
    const textPlain = await fetch(api.url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: `mutation { logout }` }),
    });
    expect(textPlain.status).toBe(403);
    // Nothing ran: the session still works.
    expect((await post(api.url, ME, {}, { cookie })).data.me.id).toBe(operator.id);

    const accepted = await fetch(api.url, { method: 'POST', headers: { cookie, ...CSRF }, body: form });
    expect(((await accepted.json()) as any).data).toEqual({ logout: true });
  });

  it('takes JSON POSTs (always preflighted) and Bearer-token requests without the header', async () => {
    const cookie = await login(api.url, operator);
    expect((await post(api.url, ME, {}, { cookie })).data.me.id).toBe(operator.id);
    const withToken = await fetch(getUrl(ME), { headers: bearer(operator.token) });
    expect(((await withToken.json()) as any).data.me.id).toBe(operator.id);
  });
});

describe('introspection', () => {
  it('is open to everyone outside production', async () => {
    expect((await post(api.url, INTROSPECTION)).data.__schema.queryType.name).toBe('Query');
  });

  it('in production, answers the staff (session or token) and refuses anonymous callers and customers', async () => {
    const { url } = await startApp(() => loadSecurityConfig({ NODE_ENV: 'production' }));
    const anonymous = await post(url, INTROSPECTION);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.data?.__schema).toBeUndefined();
    expect(codeOf(await post(url, INTROSPECTION, {}, bearer(customer.token)))).toBe('FORBIDDEN');
    const typeQuery = `{ __type(name: "Ticket") { fields { name } } }`;
    expect(codeOf(await post(url, typeQuery, {}, bearer(customer.token)))).toBe('FORBIDDEN');
    const viaFragment = `query { ...F } fragment F on Query { __schema { types { name } } }`;
    expect(codeOf(await post(url, viaFragment))).toBe('UNAUTHENTICATED');
    // __typename is not introspection.
    expect((await post(url, `{ __typename }`)).data).toEqual({ __typename: 'Query' });

    expect((await post(url, INTROSPECTION, {}, bearer(operator.token))).data.__schema.queryType.name).toBe('Query');
    const cookie = await login(url, supervisor);
    expect((await post(url, INTROSPECTION, {}, { cookie })).data.__schema.queryType.name).toBe('Query');
    // No "Did you mean …?" to spell the schema out instead.
    const typo = await post(url, `{ ticketz { id } }`);
    expect(typo.errors![0]!.message).not.toMatch(/did you mean/i);
  });

  it('in production, refuses a customer’s introspection over graphql-ws too', async () => {
    const { url } = await startApp(() => loadSecurityConfig({ NODE_ENV: 'production' }));
    const client = wsClient(url, { token: customer.token });
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: INTROSPECTION }, { next: resolve, error: resolve, complete: () => undefined });
    });
    await client.dispose();
    expect(JSON.stringify(outcome)).toContain('FORBIDDEN');
    expect(JSON.stringify(outcome)).not.toContain('queryType');
  });
});

describe('open subscriptions end with their credentials', () => {
  const EVENTS = `subscription { ticketEvents { id } }`;
  const CREATE_API_TOKEN = `mutation($name: String!) { createApiToken(name: $name, scope: READ) { token apiToken { id } } }`;

  it('closes the connections of a revoked API token (4403), and refuses it at the next connection', async () => {
    const cookie = await login(api.url, supervisor);
    const created = await post(api.url, CREATE_API_TOKEN, { name: 'wallboard' }, { cookie });
    const { token, apiToken } = created.data.createApiToken;
    const client = wsClient(api.url, { token });
    const open = endingOf(client, EVENTS);
    await open.started;
    // Another instance in this process: the revocation reaches it through the pubsub too.
    const other = await startApp((config) => config);
    const otherClient = wsClient(other.url, { token });
    const otherOpen = endingOf(otherClient, EVENTS);
    await otherOpen.started;

    const revoked = await post(
      api.url,
      `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
      { id: apiToken.id },
      { cookie },
    );
    expect(revoked.errors).toBeUndefined();
    expect(await open.ended).toBe(4403);
    expect(await otherOpen.ended).toBe(4403);
    await client.dispose();
    await otherClient.dispose();

    const again = wsClient(api.url, { token });
    expect(await endingOf(again, EVENTS).ended).toBe(4403);
    await again.dispose();
  });

  it('closes the connections of a session at logout, and leaves the other sessions’ open', async () => {
    const ending = await login(api.url, operator);
    const staying = await login(api.url, operator);
    const endingClient = wsClient(api.url, { cookie: ending });
    const stayingClient = wsClient(api.url, { cookie: staying });
    const closing = endingOf(endingClient, EVENTS);
    const remaining = endingOf(stayingClient, EVENTS, 3_000);
    await Promise.all([closing.started, remaining.started]);

    expect((await post(api.url, `mutation { logout }`, {}, { cookie: ending })).data.logout).toBe(true);
    expect(await closing.ended).toBe(4403);
    expect(await remaining.ended).toBe('still open');
    await endingClient.dispose();
    await stayingClient.dispose();
  });

  it('closes the connections of a session that expired, and of a deactivated user, at the periodic check', async () => {
    const { url, app } = await startApp((config) => config);
    const user = await api.fixtures.user('OPERATOR');
    const cookie = await login(url, user);
    const expiring = wsClient(url, { cookie });
    const expiringOpen = endingOf(expiring, EVENTS);
    const deactivatedUser = await api.fixtures.user('OPERATOR');
    const deactivated = wsClient(url, { token: deactivatedUser.token });
    const deactivatedOpen = endingOf(deactivated, EVENTS);
    const untouched = wsClient(url, { token: operator.token });
    const untouchedOpen = endingOf(untouched, EVENTS, 3_000);
    await Promise.all([expiringOpen.started, deactivatedOpen.started, untouchedOpen.started]);

    await api.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await api.db.user.update({ where: { id: deactivatedUser.id }, data: { active: false } });
    await app.recheckConnections();
    expect(await expiringOpen.ended).toBe(4403);
    expect(await deactivatedOpen.ended).toBe(4403);
    expect(await untouchedOpen.ended).toBe('still open');
    for (const client of [expiring, deactivated, untouched]) await client.dispose();
  });
});
