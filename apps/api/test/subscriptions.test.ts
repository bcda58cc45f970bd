import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_TICKET,
  collect,
  CREATE_TICKET,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type TestApi,
} from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: User;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api?.stop();
});

function wsClient(token = operator.token) {
  const client = api.wsClient({ token });
  clients.push(client);
  return client;
}

type SubscriptionResult<T> = {
  data?: T;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
};

/** A subscription read step by step: wait for the next result, act, wait for the one after. */
function follow<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const results: Array<SubscriptionResult<T>> = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let completed = false;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as SubscriptionResult<T>);
        wake?.();
      },
      error: (error) => {
        failure = error ?? new Error('subscription failed');
        wake?.();
      },
      complete: () => {
        completed = true;
        wake?.();
      },
    },
  );
  return {
    results,
    stop,
    /** Resolves with every result so far once there are `count` of them, or when the time is up. */
    async waitFor(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count && failure === undefined && !completed && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (failure !== undefined) throw failure;
      return results;
    },
  };
}

/** Lets the server register a subscription once the connection is up. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

async function newTicket(overrides: Record<string, unknown> = {}, token = operator.token) {
  const result = await api.graphql(CREATE_TICKET, { input: ticketInput(queueId, overrides) }, { token });
  expect(result.errors).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; status: string; version: number };
}

async function mutate(query: string, variables: Record<string, unknown>, token = operator.token) {
  const result = await api.graphql(query, variables, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data;
}

const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`;
const UPDATE_TICKET = `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { version } }`;

const TICKET_EVENTS = /* GraphQL */ `
  subscription ($queueId: ID) {
    ticketEvents(queueId: $queueId) {
      id
      type
      fromValue
      toValue
      actor {
        id
      }
      ticket {
        id
        code
      }
    }
  }
`;
interface TicketEventPayload {
  ticketEvents: {
    id: string;
    type: string;
    fromValue: string | null;
    toValue: string | null;
    actor: { id: string } | null;
    ticket: { id: string; code: string };
  };
}

const TICKET_UPDATED = /* GraphQL */ `
  subscription ($code: String!) {
    ticketUpdated(code: $code) {
      code
      status
      version
      claimedBy {
        id
      }
      notes {
        body
      }
    }
  }
`;
interface TicketUpdatedPayload {
  ticketUpdated: {
    code: string;
    status: string;
    version: number;
    claimedBy: { id: string } | null;
    notes: Array<{ body: string }>;
  };
}

describe('ticketEvents', () => {
  it('delivers a claim and the status change that follows, in order, each saying what changed', async () => {
    const ticket = await newTicket();
    const watcher = wsClient();
    const events = collect<TicketEventPayload>(watcher, TICKET_EVENTS, {}, 2);
    await events.started;
    await settle();

    // The operator claims and starts at once, as from the dashboard's "take and start" button.
    const claimed = (await mutate(CLAIM_TICKET, { id: ticket.id })).claimTicket;
    const started = (
      await mutate(TRANSITION_TICKET, { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.version } })
    ).transitionTicket;
    expect([claimed.version, started.version]).toEqual([ticket.version + 1, ticket.version + 2]);

    const delivered = await events.done;
    expect(delivered.map((event) => event.errors)).toEqual([undefined, undefined]);
    const stored = await api.db.ticketEvent.findMany({
      where: { ticketId: ticket.id, type: { in: ['CLAIMED', 'STATUS_CHANGED'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(delivered.map((event) => event.data!.ticketEvents)).toEqual([
      {
        id: stored[0]!.id,
        type: 'CLAIMED',
        fromValue: null,
        toValue: operator.id,
        actor: { id: operator.id },
        ticket: { id: ticket.id, code: ticket.code },
      },
      {
        id: stored[1]!.id,
        type: 'STATUS_CHANGED',
        fromValue: 'AWAITING_INPUT',
        toValue: 'IN_PROGRESS',
        actor: { id: operator.id },
        ticket: { id: ticket.id, code: ticket.code },
      },
    ]);
  });

  it('delivers only the events of the queue asked for', async () => {
    const watched = await api.fixtures.queue();
    const other = await api.fixtures.queue();
    const watcher = wsClient();
    // One more than expected: the extra one must never come.
    const events = collect<TicketEventPayload>(watcher, TICKET_EVENTS, { queueId: watched.id }, 4, 3_000);
    await events.started;
    await settle();

    const elsewhere = await newTicket({ queueId: other.id });
    const here = await newTicket({ queueId: watched.id });
    await mutate(CLAIM_TICKET, { id: elsewhere.id });
    await mutate(CLAIM_TICKET, { id: here.id });
    await mutate(ADD_NOTE, { input: { ticketId: elsewhere.id, visibility: 'PUBLIC', body: 'Altra coda.' } });
    await mutate(ADD_NOTE, { input: { ticketId: here.id, visibility: 'PUBLIC', body: 'Questa coda.' } });

    const delivered = await events.done;
    expect(delivered.map((event) => [event.data!.ticketEvents.ticket.code, event.data!.ticketEvents.type])).toEqual([
      [here.code, 'CREATED'],
      [here.code, 'CLAIMED'],
      [here.code, 'NOTE_ADDED'],
    ]);
  });

  it('publishes exactly one event per committed change, and none for a rejected one', async () => {
    const tickets = [];
    for (let index = 0; index < 20; index++) tickets.push(await newTicket({ subject: `Raffica ${index}` }));
    const watcher = wsClient();
    const events = collect<TicketEventPayload>(watcher, TICKET_EVENTS, {}, 21, 4_000);
    await events.started;
    await settle();

    // Twenty different changes on twenty tickets at once: claims, moves, notes and edits.
    const kinds = ['CLAIMED', 'STATUS_CHANGED', 'NOTE_ADDED', 'UPDATED'] as const;
    const results = await Promise.all(
      tickets.map((ticket, index) => {
        switch (kinds[index % 4]) {
          case 'CLAIMED':
            return api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token });
          case 'STATUS_CHANGED':
            return api.graphql(
              TRANSITION_TICKET,
              { id: ticket.id, input: { to: 'AWAITING_INPUT', version: ticket.version } },
              { token: operator.token },
            );
          case 'NOTE_ADDED':
            return api.graphql(
              ADD_NOTE,
              { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: `Nota ${index}` } },
              { token: operator.token },
            );
          default:
            return api.graphql(
              UPDATE_TICKET,
              { id: ticket.id, input: { version: ticket.version, requestedPriority: 3 } },
              { token: operator.token },
            );
        }
      }),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);

    const delivered = await events.done;
    expect(delivered).toHaveLength(20);
    const payloads = delivered.map((event) => event.data!.ticketEvents);
    expect(new Set(payloads.map((event) => event.id)).size).toBe(20);
    expect(payloads.map((event) => event.ticket.id).sort()).toEqual(tickets.map((ticket) => ticket.id).sort());
    for (const [index, ticket] of tickets.entries()) {
      expect(payloads.find((event) => event.ticket.id === ticket.id)!.type).toBe(kinds[index % 4]);
    }
    const stored = await api.db.ticketEvent.findMany({
      where: { ticketId: { in: tickets.map((ticket) => ticket.id) }, type: { not: 'CREATED' } },
    });
    expect(payloads.map((event) => event.id).sort()).toEqual(stored.map((event) => event.id).sort());

    // Rejected changes: a stale version, a move the lifecycle forbids, a claim of a ticket already claimed.
    const claimedTicket = tickets[0]!;
    const colleague = await api.fixtures.user('OPERATOR');
    const quiet = wsClient();
    const afterRejections = collect<TicketEventPayload>(quiet, TICKET_EVENTS, {}, 2, 3_000);
    await afterRejections.started;
    await settle();
    const fresh = tickets[2]!; // only a note was added: still NEW, at its first version
    const stale = await api.graphql(
      TRANSITION_TICKET,
      { id: fresh.id, input: { to: 'AWAITING_INPUT', version: fresh.version - 1 } },
      { token: operator.token },
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('STALE_VERSION');
    const invalid = await api.graphql(
      TRANSITION_TICKET,
      { id: fresh.id, input: { to: 'IN_PROGRESS', version: fresh.version } },
      { token: operator.token },
    );
    expect(invalid.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const taken = await api.graphql(CLAIM_TICKET, { id: claimedTicket.id }, { token: colleague.token });
    expect(taken.errors?.[0]?.extensions?.code).toBe('TICKET_ALREADY_CLAIMED');
    // Then one that commits, so that the silence above is not a dead subscription.
    const moved = await mutate(TRANSITION_TICKET, {
      id: fresh.id,
      input: { to: 'AWAITING_INPUT', version: fresh.version },
    });
    expect(moved.transitionTicket.status).toBe('AWAITING_INPUT');

    const afterDelivered = await afterRejections.done;
    expect(afterDelivered.map((event) => [event.data!.ticketEvents.ticket.id, event.data!.ticketEvents.type])).toEqual([
      [fresh.id, 'STATUS_CHANGED'],
    ]);
  });

  it("gives a customer their organisation's public changes only", async () => {
    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const theirs = await newTicket({ customerId: customer.id });
    const someoneElses = await newTicket({ customerId: (await api.fixtures.customer('ACTIVE')).id });
    const client = wsClient(customerUser.token);
    const events = collect<TicketEventPayload>(client, TICKET_EVENTS, {}, 3, 3_000);
    await events.started;
    await settle();

    await mutate(ADD_NOTE, { input: { ticketId: theirs.id, visibility: 'INTERNAL', body: 'Solo per noi.' } });
    await mutate(CLAIM_TICKET, { id: someoneElses.id });
    await mutate(ADD_NOTE, { input: { ticketId: theirs.id, visibility: 'PUBLIC', body: 'Ci stiamo lavorando.' } });
    await mutate(CLAIM_TICKET, { id: theirs.id });

    const delivered = await events.done;
    expect(delivered.map((event) => [event.data!.ticketEvents.ticket.id, event.data!.ticketEvents.type])).toEqual([
      [theirs.id, 'NOTE_ADDED'],
      [theirs.id, 'CLAIMED'],
    ]);
  });
});

describe('ticketUpdated', () => {
  it("sends the ticket's current state, then the ticket again after each change", async () => {
    const ticket = await newTicket();
    const watcher = wsClient();
    const updates = follow<TicketUpdatedPayload>(watcher, TICKET_UPDATED, { code: ticket.code });
    const state = async (count: number) => (await updates.waitFor(count)).map((update) => update.data?.ticketUpdated);

    expect(await state(1)).toEqual([
      { code: ticket.code, status: 'NEW', version: ticket.version, claimedBy: null, notes: [] },
    ]);
    await settle();

    const other = await newTicket();
    await mutate(CLAIM_TICKET, { id: other.id }); // another ticket: nothing is sent
    const claimed = (await mutate(CLAIM_TICKET, { id: ticket.id })).claimTicket;
    expect(claimed.version).toBe(ticket.version + 1);
    expect((await state(2))[1]).toEqual({
      code: ticket.code,
      status: 'AWAITING_INPUT',
      version: ticket.version + 1,
      claimedBy: { id: operator.id },
      notes: [],
    });

    const started = (
      await mutate(TRANSITION_TICKET, { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.version } })
    ).transitionTicket;
    expect(started.version).toBe(ticket.version + 2);
    expect((await state(3))[2]).toEqual({
      code: ticket.code,
      status: 'IN_PROGRESS',
      version: ticket.version + 2,
      claimedBy: { id: operator.id },
      notes: [],
    });

    await mutate(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Tecnico in viaggio.' } });
    // A note is not a versioned edit of the ticket's fields (addNote takes no version), so the version stays.
    expect((await state(4))[3]).toEqual({
      code: ticket.code,
      status: 'IN_PROGRESS',
      version: ticket.version + 2,
      claimedBy: { id: operator.id },
      notes: [{ body: 'Tecnico in viaggio.' }],
    });
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(ticket.version + 2);

    // One result per change: nothing more comes.
    expect(await updates.waitFor(5, 1_500)).toHaveLength(4);
    expect(updates.results.map((update) => update.errors)).toEqual([undefined, undefined, undefined, undefined]);
    updates.stop();
  });

  it('never misses a change for a subscriber that joins while the ticket is changing', async () => {
    const ticket = await newTicket();
    const NOTES = 40;
    const SUBSCRIBERS = 16;
    // A selection that takes a few queries to load, as the dashboard's ticket page does.
    const NOTES_QUERY = /* GraphQL */ `
      subscription ($code: String!) {
        ticketUpdated(code: $code) {
          notes {
            id
            author {
              name
            }
            attachments {
              id
            }
          }
          events {
            id
            actor {
              name
            }
          }
          queue {
            name
          }
          createdBy {
            name
          }
        }
      }
    `;
    type NotesPayload = { ticketUpdated: { notes: Array<{ id: string }> } };
    const watcher = wsClient();
    const subscribers: Array<ReturnType<typeof follow<NotesPayload>>> = [
      follow<NotesPayload>(watcher, NOTES_QUERY, { code: ticket.code }),
    ];
    await subscribers[0]!.waitFor(1); // connected: the next subscriptions start as soon as they are asked for

    // Notes are added one after the other while subscribers join, some milliseconds apart.
    const writing = (async () => {
      for (let index = 0; index < NOTES; index++) {
        await mutate(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: `Passo ${index}` } });
      }
    })();
    for (let index = 1; index < SUBSCRIBERS; index++) {
      await new Promise((resolve) => setTimeout(resolve, 15 + (index % 4) * 4));
      subscribers.push(follow<NotesPayload>(watcher, NOTES_QUERY, { code: ticket.code }));
    }
    await writing;
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const [index, subscriber] of subscribers.entries()) {
      subscriber.stop();
      const counts = subscriber.results.map((update) => update.data!.ticketUpdated.notes.length);
      expect(subscriber.results.map((update) => update.errors).filter(Boolean), `subscriber ${index}`).toEqual([]);
      // The last state sent is the final one, and every note added after the first state was read was sent on.
      expect(counts.at(-1), `subscriber ${index}: ${counts.join(',')}`).toBe(NOTES);
      expect(counts.length, `subscriber ${index}: ${counts.join(',')}`).toBeGreaterThanOrEqual(1 + NOTES - counts[0]!);
    }
  });

  it('follows a ticket for its customer without the internal changes, and not for anybody else', async () => {
    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const stranger = await api.fixtures.user('CUSTOMER', { customerId: (await api.fixtures.customer('ACTIVE')).id });
    const ticket = await newTicket({ customerId: customer.id });

    const client = wsClient(customerUser.token);
    const updates = collect<TicketUpdatedPayload>(
      client,
      TICKET_UPDATED,
      { code: ticket.code.toLowerCase() },
      3,
      3_000,
    );
    const strangerClient = wsClient(stranger.token);
    const refused = collect<TicketUpdatedPayload>(strangerClient, TICKET_UPDATED, { code: ticket.code }, 2, 3_000);
    // Another organisation's ticket does not exist for them: the subscription fails with NOT_FOUND (a graphql-ws error message).
    const strangerOutcome = refused.done.then(
      (results) => ({ results, errors: undefined }),
      (errors: Array<{ message: string; extensions?: { code?: string } }>) => ({ results: undefined, errors }),
    );
    await Promise.all([updates.started, refused.started]);
    await settle();

    await mutate(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'Solo per noi.' } });
    await mutate(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Arriviamo domani.' } });

    const delivered = await updates.done;
    expect(delivered.map((update) => update.data!.ticketUpdated.notes)).toEqual([[], [{ body: 'Arriviamo domani.' }]]);

    const strangerGot = await strangerOutcome;
    expect(strangerGot.results).toBeUndefined();
    expect(strangerGot.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('clients going away', () => {
  it('keeps serving the other clients after one disposes of its connection', async () => {
    const ticket = await newTicket();
    const leaving = wsClient();
    const staying = wsClient();
    // Both kinds of subscription on each connection, started before either connects.
    const leavingEvents = collect<TicketEventPayload>(leaving, TICKET_EVENTS, {}, 10, 3_000);
    const leavingUpdates = collect<TicketUpdatedPayload>(leaving, TICKET_UPDATED, { code: ticket.code }, 10, 3_000);
    const stayingEvents = collect<TicketEventPayload>(staying, TICKET_EVENTS, {}, 2, 5_000);
    const stayingUpdates = collect<TicketUpdatedPayload>(staying, TICKET_UPDATED, { code: ticket.code }, 3, 5_000);
    await Promise.all([leavingEvents.started, leavingUpdates.started, stayingEvents.started, stayingUpdates.started]);
    await settle();

    await leaving.dispose();
    expect((await leavingEvents.done).length).toBe(0);
    expect((await leavingUpdates.done).map((update) => update.data!.ticketUpdated.version)).toEqual([ticket.version]);

    const claimed = (await mutate(CLAIM_TICKET, { id: ticket.id })).claimTicket;
    const started = (
      await mutate(TRANSITION_TICKET, { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.version } })
    ).transitionTicket;

    expect(
      (await stayingEvents.done).map((event) => [event.data!.ticketEvents.ticket.id, event.data!.ticketEvents.type]),
    ).toEqual([
      [ticket.id, 'CLAIMED'],
      [ticket.id, 'STATUS_CHANGED'],
    ]);
    expect((await stayingUpdates.done).map((update) => update.data!.ticketUpdated.version)).toEqual([
      ticket.version,
      claimed.version,
      started.version,
    ]);

    // And a client connecting afterwards is served too.
    const late = wsClient();
    const lateEvents = collect<TicketEventPayload>(late, TICKET_EVENTS, {}, 1, 5_000);
    await lateEvents.started;
    await settle();
    await mutate(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'Ancora qui.' } });
    expect((await lateEvents.done).map((event) => event.data!.ticketEvents.type)).toEqual(['NOTE_ADDED']);
  });
});
