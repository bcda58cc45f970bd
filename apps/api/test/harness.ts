import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createPrismaClient, hashPassword, type Database, type Prisma, type Role } from '@sportello/db';
import { createTestDatabase } from '@sportello/db/testing';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
  headers: Headers;
}

export interface Credentials {
  token?: string;
  cookie?: string;
}

/** A file to upload with a GraphQL request. */
export interface Upload {
  bytes: Uint8Array<ArrayBuffer>;
  name: string;
  type: string;
}

/** A real 1×1 PNG (one green pixel), for the files of notes and requests. */
export const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const credentialHeaders = (credentials: Credentials): Record<string, string> => ({
  ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
  ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
});

/**
 * A real API on a real, fresh database for one test file: the same server the product runs (HTTP and graphql-ws
 * on one port), started in this process on a free port. `db` is a separate client for arranging and checking data.
 */
export async function startTestApi() {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_POOL_SIZE = database.embedded ? '1' : '10';
  const { buildApp } = await import('../src/app.ts');
  const app = buildApp();
  const { url } = await app.start(0);
  const db = createPrismaClient(database.url, { maxConnections: database.embedded ? 1 : 4 });
  const apiDb = (await import('@sportello/schema/db')).db;
  const instanceClients: Database[] = [];

  /**
   * Another connection pool, as another API instance has (for workers racing each other). The embedded database
   * serves a single session, so there every worker goes through the API's own client.
   */
  function instanceClient(maxConnections = 3): Database {
    if (database.embedded) return apiDb;
    const client = createPrismaClient(database.url, { maxConnections });
    instanceClients.push(client);
    return client;
  }

  async function graphql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    credentials: Credentials = {},
  ) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentialHeaders(credentials) },
      body: JSON.stringify({ query, variables }),
    });
    return responseOf<T>(response);
  }

  const graphqlWithFiles = <T = any>(
    query: string,
    input: Record<string, unknown>,
    files: Upload[],
    credentials: Credentials = {},
  ) => graphqlWithFilesAt<T>(url, query, input, files, credentials);

  function wsClient(credentials: Credentials = {}): Client {
    return createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, credentials.cookie ? { headers: { cookie: credentials.cookie } } : {});
        }
      },
      connectionParams: credentials.token ? { authorization: `Bearer ${credentials.token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }

  return {
    url,
    db,
    databaseUrl: database.url,
    embedded: database.embedded,
    graphql,
    graphqlWithFiles,
    wsClient,
    fixtures: createFixtures(db),
    instanceClient,
    /** The keys of every file in the file storage, sorted. */
    async storedFiles(): Promise<string[]> {
      const files = await db.storedFile.findMany({ select: { key: true }, orderBy: { key: 'asc' } });
      return files.map((file) => file.key);
    },
    async stop() {
      await Promise.all(instanceClients.map((client) => client.$disconnect()));
      await app.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/**
 * A mutation whose `input` carries `files` as its `attachments`, sent to the API at `url` as a GraphQL multipart
 * request (https://github.com/jaydenseric/graphql-multipart-request-spec): `operations`, `map`, then one part per file.
 */
export async function graphqlWithFilesAt<T = any>(
  url: string,
  query: string,
  input: Record<string, unknown>,
  files: Upload[],
  credentials: Credentials = {},
) {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({ query, variables: { input: { ...input, attachments: files.map(() => null) } } }),
  );
  form.append(
    'map',
    JSON.stringify(
      Object.fromEntries(files.map((_, index) => [String(index), [`variables.input.attachments.${index}`]])),
    ),
  );
  files.forEach((file, index) => form.append(String(index), new Blob([file.bytes], { type: file.type }), file.name));
  const response = await fetch(url, { method: 'POST', headers: credentialHeaders(credentials), body: form });
  return responseOf<T>(response);
}

async function responseOf<T>(response: Response) {
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { ...body, status: response.status, headers: response.headers } as GraphQLResponse<T>;
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Builds the few rows a test needs, directly in the database, and API tokens to act as each user. */
function createFixtures(db: Database) {
  async function user(role: Role, options: { customerId?: string; password?: string; name?: string } = {}) {
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    const password = options.password ?? 'correct horse battery';
    const created = await db.user.create({
      data: {
        email: `${unique(role.toLowerCase())}@test.sportello`,
        name: options.name ?? unique(role),
        role,
        passwordHash: await hashPassword(password),
      },
    });
    if (options.customerId) {
      await db.contact.create({ data: { customerId: options.customerId, name: created.name, userId: created.id } });
    }
    const { token } = await issueApiToken(created.id, { name: 'test', scope: 'READ_WRITE' });
    return { ...created, password, token };
  }

  const queue = (name = unique('CODA')) => db.queue.create({ data: { name } });

  /** A queue with a 24/7 SLA policy of its own, ahead of all others: first response in 1 h, resolution in 8 h. */
  async function queueWithPolicy(policy: Partial<Prisma.SlaPolicyUncheckedCreateInput> = {}) {
    const created = await queue();
    await db.slaPolicy.create({
      data: {
        name: `H24 ${created.name}`,
        position: -100,
        queueId: created.id,
        firstResponseSeconds: 3600,
        resolutionSeconds: 8 * 3600,
        calendar: { alwaysOpen: true },
        ...policy,
      },
    });
    return created;
  }

  /**
   * A ticket as the API would have stored it at `createdAt`, with the CREATED entry of its timeline; due for the
   * automation worker at that instant unless `scheduled` is false.
   */
  async function storedTicket(
    queueId: string,
    createdAt: Date,
    fields: Partial<Prisma.TicketUncheckedCreateInput> = {},
    { scheduled = true } = {},
  ) {
    const ticket = await db.ticket.create({
      data: {
        queueId,
        channel: 'PORTAL',
        subject: 'Il gestionale non si avvia',
        placeAndWhat: 'Sede di Lecco',
        description: 'Il gestionale si chiude subito dopo il login.',
        createdAt,
        ...fields,
      },
    });
    await db.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'CREATED', field: 'status', toValue: 'NEW', createdAt },
    });
    if (scheduled) await db.ticketAutomation.create({ data: { ticketId: ticket.id, dueAt: createdAt } });
    return ticket;
  }

  return {
    user,
    queue,
    queueWithPolicy,
    storedTicket,
    customer: (contractState: 'ACTIVE' | 'NONE' | 'EXPIRED' = 'ACTIVE') =>
      db.customer.create({
        data: {
          name: unique('Cliente'),
          contractState,
          contractKind: contractState === 'ACTIVE' ? 'MAINTENANCE_FEE' : null,
        },
      }),
  };
}

export const CREATE_TICKET = /* GraphQL */ `
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      code
      number
      status
      version
      paidIntervention
      claimedBy {
        id
      }
    }
  }
`;

export const CLAIM_TICKET = /* GraphQL */ `
  mutation Claim($id: ID!, $version: Int) {
    claimTicket(id: $id, version: $version) {
      id
      status
      version
      claimedBy {
        id
        name
      }
    }
  }
`;

export const TRANSITION_TICKET = /* GraphQL */ `
  mutation Transition($id: ID!, $input: TransitionTicketInput!) {
    transitionTicket(id: $id, input: $input) {
      id
      status
      version
      solution
      scheduledAt
      closedAt
      resolvedAt
    }
  }
`;

export function ticketInput(queueId: string, overrides: Record<string, unknown> = {}) {
  return {
    queueId,
    subject: 'Stampante di rete non stampa',
    placeAndWhat: 'Sede di Lecco, ufficio amministrazione – stampante HP',
    description: 'Dalla mattina la stampante di rete non risponde: i lavori restano in coda su tutti i PC.',
    requestedPriority: 2,
    ...overrides,
  };
}

/** Collects what a subscription delivers until `count` results arrived (or the time is up). */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
  timeoutMs = 10_000,
) {
  const results: Array<{ data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }> =
    [];
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  /** Resolves once `n` results have arrived (to act only after the subscriber heard the previous change). */
  const received = (n: number) =>
    results.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count: n, resolve }));
  const done = new Promise<typeof results>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(results);
    }, timeoutMs);
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          results.push(result as (typeof results)[number]);
          for (const wait of waiting) if (results.length >= wait.count) wait.resolve();
          if (results.length >= count) {
            clearTimeout(timer);
            unsubscribe();
            resolve(results);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        complete: () => {
          clearTimeout(timer);
          resolve(results);
        },
      },
    );
    client.on('connected', () => ready());
  });
  return { started, done, received };
}
