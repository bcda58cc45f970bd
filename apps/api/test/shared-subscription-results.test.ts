import type { ExecutionResult } from 'graphql';
import { createPubSub, createSchema, createYoga, isAsyncIterable, map, pipe } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '@sportello/schema/context';
import type { Viewer } from '@sportello/schema/domain/identity';
import { useSharedSubscriptionResults } from '../src/shared-subscription-results.ts';

// A schema of its own, so that every execution can be counted and each result tells whose context built it.
let executions = 0;
const pubsub = createPubSub<{ change: [{ n: number }] }>();
const schema = createSchema<Context>({
  typeDefs: /* GraphQL */ `
    type Change {
      n: Int!
      seenBy: String!
    }
    type Subscription {
      changes(step: Int): Change!
      "Each subscriber gets its own copy of the event."
      copiedChanges: Change!
    }
    type Query {
      ok: Boolean
    }
  `,
  resolvers: {
    Subscription: {
      changes: { subscribe: () => pubsub.subscribe('change'), resolve: (event: { n: number }) => event },
      copiedChanges: {
        subscribe: () =>
          pipe(
            pubsub.subscribe('change'),
            map((event) => ({ ...event })),
          ),
        resolve: (event: { n: number }) => event,
      },
    },
    Change: {
      n: (event: { n: number }) => {
        executions++;
        return event.n;
      },
      // What only the viewer's class may decide: their role, or who the customer is.
      seenBy: (_event: unknown, _args: unknown, { viewer }: Context) =>
        viewer!.isStaff ? viewer!.role : `customer ${viewer!.id}`,
    },
  },
});
const yoga = createYoga({ schema, plugins: [useSharedSubscriptionResults()] });

function viewer(id: string, role: Viewer['role'], canWrite = true): Viewer {
  const isStaff = role !== 'CUSTOMER';
  return {
    id,
    name: id,
    email: `${id}@example.com`,
    role,
    customerId: isStaff ? null : `org-${id}`,
    contactId: isStaff ? null : `contact-${id}`,
    isStaff,
    canWrite,
    sessionId: null,
    tokenId: null,
  };
}

const open: Array<AsyncIterableIterator<ExecutionResult>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.return?.()));
  executions = 0;
});

async function subscribe(who: Viewer, query: string, variables: Record<string, unknown> = {}) {
  const { subscribe, parse } = yoga.getEnveloped({});
  const stream = await subscribe({
    schema,
    document: parse(query),
    variableValues: variables,
    contextValue: { viewer: who, responseCookies: [], secure: false },
  });
  if (!isAsyncIterable(stream)) throw new Error(`not subscribed: ${JSON.stringify(stream)}`);
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterableIterator<ExecutionResult>;
  open.push(iterator);
  return iterator;
}

/** Publishes one event once every stream is waiting for it, and returns what each one received. */
async function publishTo(streams: Array<AsyncIterableIterator<ExecutionResult>>, n: number) {
  const received = streams.map((stream) => stream.next());
  // The pubsub starts listening at a stream's first next(); let those reach it.
  await new Promise((resolve) => setTimeout(resolve, 10));
  pubsub.publish('change', { n });
  return (await Promise.all(received)).map((result) => result.value as ExecutionResult);
}

const CHANGES = 'subscription ($step: Int) { changes(step: $step) { n seenBy } }';

describe('shared subscription results', () => {
  it('executes an event once for every subscriber of one reader class, with the same document and variables', async () => {
    const streams = await Promise.all(
      ['ada', 'bea', 'cleo'].map((id) => subscribe(viewer(id, 'OPERATOR'), CHANGES, { step: 1 })),
    );
    const results = await publishTo(streams, 7);
    expect(executions).toBe(1);
    for (const result of results) expect(result).toEqual({ data: { changes: { n: 7, seenBy: 'OPERATOR' } } });
  });

  it('executes it again for another role, another write scope, other variables or another document', async () => {
    const streams = await Promise.all([
      subscribe(viewer('ada', 'OPERATOR'), CHANGES, { step: 1 }),
      subscribe(viewer('sam', 'SUPERVISOR'), CHANGES, { step: 1 }),
      subscribe(viewer('reader', 'OPERATOR', false), CHANGES, { step: 1 }),
      subscribe(viewer('bea', 'OPERATOR'), CHANGES, { step: 2 }),
      subscribe(viewer('cleo', 'OPERATOR'), 'subscription { changes { seenBy n } }'),
    ]);
    const results = await publishTo(streams, 8);
    expect(executions).toBe(5);
    expect(results.map((result) => (result.data as any).changes.seenBy)).toEqual([
      'OPERATOR',
      'SUPERVISOR',
      'OPERATOR',
      'OPERATOR',
      'OPERATOR',
    ]);
  });

  it('never hands one customer what was built for another', async () => {
    const streams = await Promise.all(
      ['acme', 'globex', 'acme'].map((id) => subscribe(viewer(id, 'CUSTOMER'), CHANGES)),
    );
    const results = await publishTo(streams, 9);
    expect(executions).toBe(2);
    expect(results.map((result) => (result.data as any).changes.seenBy)).toEqual([
      'customer acme',
      'customer globex',
      'customer acme',
    ]);
  });

  it('executes each event anew: a later event is not answered with an earlier result', async () => {
    const streams = await Promise.all(['ada', 'bea'].map((id) => subscribe(viewer(id, 'OPERATOR'), CHANGES)));
    expect((await publishTo(streams, 1)).map((result) => (result.data as any).changes.n)).toEqual([1, 1]);
    expect((await publishTo(streams, 2)).map((result) => (result.data as any).changes.n)).toEqual([2, 2]);
    expect(executions).toBe(2);
  });

  it('shares nothing when each subscriber is handed its own payload', async () => {
    const streams = await Promise.all(
      ['ada', 'bea'].map((id) => subscribe(viewer(id, 'OPERATOR'), 'subscription { copiedChanges { n } }')),
    );
    await publishTo(streams, 3);
    expect(executions).toBe(2);
  });
});
