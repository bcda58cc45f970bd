import type { Credentials, GraphQLResponse, TestApi } from './harness.ts';
import { CREATE_TICKET, ticketInput } from './harness.ts';

type Fixture = Awaited<ReturnType<TestApi['fixtures']['user']>>;

/**
 * Everyone who can knock on the API, as the permission matrix and the fuzz test see them: the three staff roles
 * signed in with a browser session, two portal users of different organisations, API tokens of both scopes, and
 * nobody at all. The READ token belongs to an admin (a read-only token must not write, however powerful its owner);
 * the READ_WRITE one to an operator (a token never gives more than its owner's role).
 */
export const ACTORS = [
  'anonymous',
  'operator',
  'supervisor',
  'admin',
  'customer',
  'otherCustomer',
  'readToken',
  'writeToken',
] as const;
export type ActorName = (typeof ACTORS)[number];

export interface Actor {
  name: ActorName;
  /** The user behind the credentials (none for anonymous). */
  user: Fixture | null;
  credentials: Credentials;
  /** A fresh browser session of the same user, or the same token (for operations that end a session). */
  freshCredentials(): Promise<Credentials>;
}

export async function sessionCookie(email: string, password: string): Promise<string> {
  const { startSession, SESSION_COOKIE } = await import('@sportello/schema/domain/identity');
  const session = await startSession(email, password);
  if (!session) throw new Error(`cannot sign in ${email}`);
  return `${SESSION_COOKIE}=${session.token}`;
}

/** The actors, two organisations (the customer's and the other customer's) and a queue. */
export async function createActors(api: TestApi) {
  const { issueApiToken } = await import('@sportello/schema/domain/identity');
  const queue = await api.fixtures.queue();
  const [orgA, orgB] = await Promise.all([api.fixtures.customer(), api.fixtures.customer()]);
  const [operator, supervisor, admin, customerA, customerB] = await Promise.all([
    api.fixtures.user('OPERATOR'),
    api.fixtures.user('SUPERVISOR'),
    api.fixtures.user('ADMIN'),
    api.fixtures.user('CUSTOMER', { customerId: orgA.id }),
    api.fixtures.user('CUSTOMER', { customerId: orgB.id }),
  ]);
  const readToken = (await issueApiToken(admin.id, { name: 'read-only', scope: 'READ' })).token;

  const session = (user: Fixture, name: ActorName) => async (): Promise<Actor> => {
    const cookie = await sessionCookie(user.email, user.password);
    return {
      name,
      user,
      credentials: { cookie },
      freshCredentials: async () => ({ cookie: await sessionCookie(user.email, user.password) }),
    };
  };
  const token = (user: Fixture, name: ActorName, value: string): Actor => ({
    name,
    user,
    credentials: { token: value },
    freshCredentials: async () => ({ token: value }),
  });
  const actors: Record<ActorName, Actor> = {
    anonymous: { name: 'anonymous', user: null, credentials: {}, freshCredentials: async () => ({}) },
    operator: await session(operator, 'operator')(),
    supervisor: await session(supervisor, 'supervisor')(),
    admin: await session(admin, 'admin')(),
    customer: await session(customerA, 'customer')(),
    otherCustomer: await session(customerB, 'otherCustomer')(),
    readToken: token(admin, 'readToken', readToken),
    writeToken: token(operator, 'writeToken', operator.token),
  };
  return { actors, queue, orgA, orgB, users: { operator, supervisor, admin, customerA, customerB } };
}

export type Actors = Awaited<ReturnType<typeof createActors>>;

/** Creates a ticket through the API as the operator (of `customerId`'s organisation when given). */
export async function createTicketAs(
  api: TestApi,
  credentials: Credentials,
  queueId: string,
  overrides: Record<string, unknown> = {},
) {
  const result: GraphQLResponse = await api.graphql(
    CREATE_TICKET,
    { input: ticketInput(queueId, overrides) },
    credentials,
  );
  if (result.errors) throw new Error(`createTicket failed: ${JSON.stringify(result.errors)}`);
  return result.data.createTicket as { id: string; code: string; number: number; version: number; status: string };
}
