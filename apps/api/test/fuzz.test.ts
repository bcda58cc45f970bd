/**
 * Thousands of operations generated from the schema the server runs — valid ones with random arguments and random
 * selections, and requests wrong in every way we know — sent as every kind of caller, over HTTP and graphql-ws.
 * Never a 5xx, never an error without a known code (no masked internal error), the server keeps answering
 * /healthz, and a customer's responses never contain the other organisation's tickets: distinctive secrets are
 * planted in them (subjects, descriptions, internal and public notes) and every response is searched for them.
 *
 * Reproducible: the seed is fixed (FUZZ_SEED overrides it) and printed by fast-check on failure; FUZZ_RUNS
 * scales the run.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActors, createTicketAs, type ActorName, type Actors } from './actors-support.ts';
import {
  invalidRequestArbitrary,
  knownErrorCodes,
  operationArbitrary,
  type Pools,
  type RawRequest,
} from './fuzz-support.ts';
import { startTestApi, type TestApi } from './harness.ts';

process.env.SPORTELLO_RATE_LIMITS = 'off';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
/**
 * 2 × RUNS valid operations, RUNS invalid requests, RUNS / 5 subscriptions: about 2,000 operations on a real
 * PostgreSQL; fewer on the embedded one, which serves one query at a time.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.TEST_DATABASE_URL ? 600 : 300));

let api: TestApi;
let actors: Actors;
let schema: GraphQLSchema;
let codes: Set<string>;
/** Per organisation: what its customer may see of it, and the secrets of the staff (internal notes). */
const SECRET = randomBytes(5).toString('hex');
const secrets = {
  A: {
    subject: `ALPHA-SUBJECT-${SECRET}`,
    description: `ALPHA-DESCRIPTION-${SECRET}`,
    publicNote: `ALPHA-PUBLIC-${SECRET}`,
  },
  B: {
    subject: `BRAVO-SUBJECT-${SECRET}`,
    description: `BRAVO-DESCRIPTION-${SECRET}`,
    publicNote: `BRAVO-PUBLIC-${SECRET}`,
  },
  internal: `STAFF-ONLY-${SECRET}`,
  noOrganisation: `NO-ORGANISATION-${SECRET}`,
};
const tickets: Record<'A' | 'B' | 'none', { id: string; code: string }> = {} as never;
/** Staff mutations draw ids from a pool without organisations, contacts or the callers themselves. */
let staffPools: Pools;
let customerPools: Pools;
const counts = { http: 0, ws: 0, ok: 0, refused: new Map<string, number>() };

/** The credentials of each caller: API tokens (a session could be ended by a generated logout). */
function credentialsOf(actor: ActorName) {
  const { users } = actors;
  const tokens: Record<ActorName, string | undefined> = {
    anonymous: undefined,
    operator: users.operator.token,
    supervisor: users.supervisor.token,
    admin: users.admin.token,
    customer: users.customerA.token,
    otherCustomer: users.customerB.token,
    readToken: actors.actors.readToken.credentials.token,
    writeToken: actors.actors.writeToken.credentials.token,
  };
  return tokens[actor];
}

/** What `actor` must never read, anywhere in a response. */
function forbiddenTextFor(actor: ActorName): string[] {
  const staffOnly = [secrets.internal];
  if (actor === 'customer') return [...staffOnly, ...Object.values(secrets.B), secrets.noOrganisation];
  if (actor === 'otherCustomer') return [...staffOnly, ...Object.values(secrets.A), secrets.noOrganisation];
  if (actor === 'anonymous') return [...staffOnly, ...Object.values(secrets.A), ...Object.values(secrets.B)];
  return [];
}
/** …and in the data of a response (ids and codes may be echoed by an error about the caller's own argument). */
function forbiddenDataFor(actor: ActorName): string[] {
  if (actor === 'customer') return [tickets.B.id, tickets.B.code, tickets.none.id, tickets.none.code];
  if (actor === 'otherCustomer') return [tickets.A.id, tickets.A.code, tickets.none.id, tickets.none.code];
  return [];
}

function checkBody(actor: ActorName, status: number, text: string, what: string, sent = what) {
  expect(status, `${what} → HTTP ${status}: ${text.slice(0, 500)}`).toBeLessThan(500);
  for (const secret of forbiddenTextFor(actor)) {
    expect(text.includes(secret), `${actor} read ${secret} in ${what} → ${text.slice(0, 500)}`).toBe(false);
  }
  let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = JSON.parse(text);
  } catch {
    // Only a refused request may answer with something else than JSON (and it was a 4xx).
    expect(status, `${what} → not JSON with HTTP ${status}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    return;
  }
  const data = JSON.stringify(body?.data ?? null);
  // What the caller sent itself (a code as a ticket's subject, say) may come back without being a leak.
  for (const value of forbiddenDataFor(actor).filter((value) => !sent.includes(value))) {
    expect(data.includes(value), `${actor} got ${value} in ${what} → ${data.slice(0, 500)}`).toBe(false);
  }
  for (const error of body?.errors ?? []) {
    const code = error.extensions?.code;
    expect(code && codes.has(code), `${what} → an error without a known code: ${JSON.stringify(error)}`).toBe(true);
    counts.refused.set(code!, (counts.refused.get(code!) ?? 0) + 1);
  }
  if (!body?.errors?.length) counts.ok++;
}

async function send(actor: ActorName, request: RawRequest) {
  const token = credentialsOf(actor);
  const response = await fetch(`${api.url}${request.search ?? ''}`, {
    method: request.method ?? 'POST',
    headers: {
      'content-type': request.contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(request.method === 'GET' ? {} : { body: request.body }),
    // A request the server never answers is a failure too (and names the request).
    signal: AbortSignal.timeout(30_000),
  }).catch((error: Error) => {
    throw new Error(`${actor}: no answer (${error.name}) to ${request.body.slice(0, 500)}`);
  });
  counts.http++;
  return { status: response.status, text: await response.text() };
}

const actorArbitrary = fc.constantFrom<ActorName>(
  'anonymous',
  'operator',
  'supervisor',
  'admin',
  'customer',
  'otherCustomer',
  'readToken',
  'writeToken',
);
const isCustomer = (actor: ActorName) => actor === 'customer' || actor === 'otherCustomer' || actor === 'anonymous';

async function expectHealthy() {
  const response = await fetch(new URL('/healthz', api.url));
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  api = await startTestApi();
  schema = (await import('@sportello/schema')).schema;
  codes = await knownErrorCodes();
  actors = await createActors(api);
  const staff = actors.actors.operator.credentials;
  const queueId = actors.queue.id;
  const plant = async (
    customerId: string | undefined,
    planted: { subject: string; description: string; publicNote: string },
  ) => {
    const ticket = await createTicketAs(api, staff, queueId, {
      ...(customerId ? { customerId } : {}),
      subject: planted.subject,
      description: `La descrizione: ${planted.description}`,
    });
    for (const [visibility, body] of [
      ['PUBLIC', planted.publicNote],
      ['INTERNAL', secrets.internal],
    ] as const) {
      const note = await api.graphql(
        `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`,
        { input: { ticketId: ticket.id, visibility, body: `Nota: ${body}` } },
        staff,
      );
      expect(note.errors).toBeUndefined();
    }
    return ticket;
  };
  tickets.A = await plant(actors.orgA.id, secrets.A);
  tickets.B = await plant(actors.orgB.id, secrets.B);
  tickets.none = await plant(undefined, {
    subject: secrets.noOrganisation,
    description: secrets.noOrganisation,
    publicNote: secrets.noOrganisation,
  });
  // The leak checks can fail: the selections the fuzz makes do reach the planted secrets.
  const read = `query($code: String) { ticket(code: $code) { subject description notes { body } } }`;
  const asStaff = JSON.stringify((await api.graphql(read, { code: tickets.B.code }, staff)).data);
  expect(asStaff).toContain(secrets.B.subject);
  expect(asStaff).toContain(secrets.internal);
  const asCustomer = JSON.stringify(
    (await api.graphql(read, { code: tickets.A.code }, actors.actors.customer.credentials)).data,
  );
  expect(asCustomer).toContain(secrets.A.publicNote);
  expect(asCustomer).not.toContain(secrets.internal);
  const call = await api.graphql(`mutation { startCall(callerNumber: "+39 0341 555000") { id } }`, {}, staff);
  const throwaway = await api.fixtures.user('OPERATOR');
  const notes = await api.db.note.findMany({ select: { id: true } });
  const category = await api.db.category.create({ data: { queueId, name: 'Stampanti' } });
  const reminder = await api.db.reminder.create({
    data: { ticketId: tickets.B.id, ownerId: actors.users.operator.id, text: 'Richiamare', dueAt: new Date() },
  });
  const common = [
    ...Object.values(tickets).map((ticket) => ticket.id),
    ...notes.map((note) => note.id),
    call.data.startCall.id,
    queueId,
    category.id,
    reminder.id,
    throwaway.id,
  ];
  const strings = [
    ...Object.values(tickets).map((ticket) => ticket.code),
    'HT00001',
    'HT99999',
    '+39 0341 555000',
    actors.users.operator.email,
    'correct horse battery',
    '',
    ' ',
  ];
  staffPools = { ids: common, strings };
  const contacts = await api.db.contact.findMany({ select: { id: true } });
  customerPools = {
    ids: [...common, actors.orgA.id, actors.orgB.id, ...contacts.map((contact) => contact.id)],
    strings,
  };
});
afterAll(async () => {
  console.log(
    `fuzz (seed ${SEED}): ${counts.http} HTTP requests, ${counts.ws} subscriptions, ${counts.ok} answered without error; ` +
      `refusals by code: ${JSON.stringify(Object.fromEntries(counts.refused))}`,
  );
  await api?.stop();
});

describe('fuzzing the API from its schema', () => {
  it('answers generated valid queries and mutations of every caller without a 5xx, an untyped error or a leak', async () => {
    const operation = (pools: Pools) => operationArbitrary(schema, pools, ['query', 'mutation']);
    const arbitrary = actorArbitrary.chain((actor) =>
      operation(isCustomer(actor) ? customerPools : staffPools).map((op) => ({ actor, op })),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ actor, op }) => {
        const { status, text } = await send(actor, {
          body: JSON.stringify({ query: op.query, variables: op.variables }),
          contentType: 'application/json',
        });
        const sent = JSON.stringify(op.variables);
        checkBody(actor, status, text, `${actor}: ${op.query} ${sent.slice(0, 300)}`, sent);
        if (++runs % 250 === 0) await expectHealthy();
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
    await expectHealthy();
  }, 600_000);

  it('answers malformed, unknown, mistyped, oversized and overly complex requests with a typed error, never a 5xx', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(actorArbitrary, invalidRequestArbitrary(schema, staffPools), async (actor, request) => {
        const { status, text } = await send(actor, request);
        const what = `${actor}: ${request.method ?? 'POST'} ${request.contentType} ${request.search ?? ''} ${request.body.slice(0, 300)}`;
        checkBody(actor, status, text, what, `${request.search ?? ''} ${request.body}`);
        if (++runs % 250 === 0) await expectHealthy();
      }),
      { seed: SEED + 1, numRuns: RUNS, endOnFailure: true },
    );
    await expectHealthy();
  }, 600_000);

  it('takes generated subscriptions over graphql-ws from every caller without an untyped error or a leak', async () => {
    const arbitrary = actorArbitrary.chain((actor) =>
      operationArbitrary(schema, isCustomer(actor) ? customerPools : staffPools, ['subscription']).map((op) => ({
        actor,
        op,
      })),
    );
    const clients = new Map<ActorName, ReturnType<TestApi['wsClient']>>();
    const clientOf = (actor: ActorName) => {
      if (!clients.has(actor)) {
        const token = credentialsOf(actor);
        clients.set(actor, api.wsClient(token ? { token } : {}));
      }
      return clients.get(actor)!;
    };
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ actor, op }) => {
        counts.ws++;
        const received = await new Promise<unknown[]>((resolve) => {
          const results: unknown[] = [];
          // Streams of changes deliver nothing when nothing changes: what arrives in a moment is enough.
          const timer = setTimeout(() => {
            unsubscribe();
            resolve(results);
          }, 400);
          const unsubscribe = clientOf(actor).subscribe(
            { query: op.query, variables: op.variables },
            {
              next: (result) => {
                results.push(result);
                clearTimeout(timer);
                unsubscribe();
                resolve(results);
              },
              error: (error) => {
                clearTimeout(timer);
                // A connection refused for want of credentials is a close event; the client must reconnect anew.
                if (!Array.isArray(error)) {
                  clients.delete(actor);
                  resolve([{ closed: (error as { code?: number }).code ?? String(error) }]);
                } else resolve([{ errors: error }]);
              },
              complete: () => {
                clearTimeout(timer);
                resolve(results);
              },
            },
          );
        });
        const text = JSON.stringify(received);
        const closed = received.find((result) => (result as { closed?: unknown }).closed !== undefined) as
          { closed: unknown } | undefined;
        if (closed) {
          // Only callers without credentials are turned away at the connection (4401/4403).
          expect(actor, `${actor}: ${op.query} → closed ${String(closed.closed)}`).toBe('anonymous');
          expect([4401, 4403]).toContain(closed.closed);
          return;
        }
        const answer = text === '[]' ? '{}' : JSON.stringify(received[0]);
        checkBody(actor, 200, answer, `${actor} (ws): ${op.query}`, JSON.stringify(op.variables));
      }),
      { seed: SEED + 2, numRuns: Math.max(50, Math.round(RUNS / 5)), endOnFailure: true },
    );
    await Promise.all([...clients.values()].map((client) => client.dispose()));
    await expectHealthy();
  }, 600_000);
});
