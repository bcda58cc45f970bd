import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_TICKET,
  CREATE_TICKET,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type GraphQLResponse,
  type TestApi,
} from './harness.ts';

type Fixture = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let operator: Fixture;
let supervisor: Fixture;
let queueId: string;
let categoryId: string;
let otherQueueCategoryId: string;
let inactiveQueueId: string;
let customerX: { id: string };
let contactX: string;
let contactY: string;

/** Ids that look like ours but name nothing. */
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

const UPDATE_TICKET = `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { id version } }`;
const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`;
const ADD_REMINDER = `mutation($ticketId: ID!, $dueAt: DateTime!, $text: String!) { addReminder(ticketId: $ticketId, dueAt: $dueAt, text: $text) { id doneAt } }`;
const COMPLETE_REMINDER = `mutation($id: ID!) { completeReminder(id: $id) { id doneAt } }`;
const TICKETS = `query($filter: TicketFilter) { tickets(filter: $filter) { edges { node { id } } } }`;
const TICKET_BY_CODE = `query($code: String) { ticket(code: $code) { id } }`;

/** Every error response seen in this file, to check at the end that none gives away the server's insides. */
const seen: GraphQLResponse[] = [];

/** Stack frames, SQL and the ORM have no place in what a client is told. */
function expectNothingLeaked(result: GraphQLResponse) {
  for (const error of result.errors ?? []) {
    expect(error.message).not.toMatch(/prisma/i);
    expect(error.message).not.toMatch(/\bSQL\b|\bSELECT\b|\bINSERT\b|\bUPDATE\s+"|violates|constraint/i);
    expect(error.message).not.toMatch(/^\s*at \S|\n\s*at \S|\.(ts|js):\d+/);
  }
  const whole = JSON.stringify(result.errors ?? []);
  expect(whole).not.toMatch(/prisma|node_modules|"stack"|\\n\s*at /i);
}

/**
 * A bad input is refused with a typed error: never an HTTP 500, the expected `extensions.code`, and for VALIDATION
 * the fields named in `issues`, in order.
 */
function expectRefused(result: GraphQLResponse, code: string, fields?: string[]) {
  seen.push(result);
  expect(result.status, JSON.stringify(result.errors)).not.toBe(500);
  expect(result.errors?.length, JSON.stringify(result)).toBeGreaterThan(0);
  expect(result.errors![0]!.extensions?.code, JSON.stringify(result.errors)).toBe(code);
  expect(result.data?.[Object.keys(result.data ?? {})[0] ?? ''] ?? null).toBeNull();
  if (fields) {
    const issues = result.errors![0]!.extensions!.issues as Array<{ field: string; message: string }>;
    expect(issues.map((issue) => issue.field)).toEqual(fields);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  }
  expectNothingLeaked(result);
}

/** How many rows the writes under test could have added. */
async function counts() {
  const [tickets, events, notes, attachments, reminders] = await Promise.all([
    api.db.ticket.count(),
    api.db.ticketEvent.count(),
    api.db.note.count(),
    api.db.attachment.count(),
    api.db.reminder.count(),
  ]);
  return { tickets, events, notes, attachments, reminders };
}

/** Runs `attempt` and checks that it changed nothing: no row added, and the given ticket exactly as it was. */
async function unchanged(attempt: () => Promise<void>, ticketId?: string) {
  const before = await counts();
  const ticket = ticketId ? await api.db.ticket.findUniqueOrThrow({ where: { id: ticketId } }) : null;
  await attempt();
  expect(await counts()).toEqual(before);
  if (ticketId) expect(await api.db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).toEqual(ticket);
}

const as = (query: string, variables: Record<string, unknown> = {}, user: Fixture = operator) =>
  api.graphql(query, variables, { token: user.token });

async function newTicket(overrides: Record<string, unknown> = {}) {
  const result = await as(CREATE_TICKET, { input: ticketInput(queueId, overrides) });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; version: number; status: string };
}

/** A ticket claimed and IN_PROGRESS. */
async function ticketInProgress() {
  const ticket = await newTicket();
  const claimed = await as(CLAIM_TICKET, { id: ticket.id });
  const started = await as(TRANSITION_TICKET, {
    id: ticket.id,
    input: { to: 'IN_PROGRESS', version: claimed.data.claimTicket.version },
  });
  expect(started.errors).toBeUndefined();
  return { ...ticket, version: started.data.transitionTicket.version as number, status: 'IN_PROGRESS' };
}

/** A request as a client could send it, not necessarily well-formed. */
async function post(
  body: BodyInit | undefined,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  method = 'POST',
  search = '',
) {
  const response = await fetch(api.url + search, {
    method,
    headers: { authorization: `Bearer ${operator.token}`, ...headers },
    body,
  });
  const text = await response.text();
  let parsed: object = {};
  try {
    parsed = JSON.parse(text) as object;
  } catch {
    parsed = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { ...parsed, status: response.status, headers: response.headers } as GraphQLResponse;
}

beforeAll(async () => {
  api = await startTestApi();
  [operator, supervisor] = await Promise.all([api.fixtures.user('OPERATOR'), api.fixtures.user('SUPERVISOR')]);
  const [queue, otherQueue, inactiveQueue] = await Promise.all([
    api.fixtures.queue(),
    api.fixtures.queue(),
    api.fixtures.queue(),
  ]);
  queueId = queue.id;
  inactiveQueueId = inactiveQueue.id;
  await api.db.queue.update({ where: { id: inactiveQueueId }, data: { active: false } });
  categoryId = (await api.db.category.create({ data: { queueId, name: 'Stampanti' } })).id;
  otherQueueCategoryId = (await api.db.category.create({ data: { queueId: otherQueue.id, name: 'Stampanti' } })).id;
  const customerY = await api.fixtures.customer();
  customerX = await api.fixtures.customer();
  contactX = (await api.db.contact.create({ data: { customerId: customerX.id, name: 'Carla X' } })).id;
  contactY = (await api.db.contact.create({ data: { customerId: customerY.id, name: 'Dario Y' } })).id;
});
afterAll(() => api?.stop());

describe('text out of bounds', () => {
  it('refuses a subject of 201 characters, and takes one of 200', async () => {
    await unchanged(async () =>
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { subject: 's'.repeat(201) }) }),
        'VALIDATION',
        ['input.subject'],
      ),
    );
    const ok = await as(CREATE_TICKET, { input: ticketInput(queueId, { subject: 's'.repeat(200) }) });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses a description of 20,001 characters', async () => {
    await unchanged(async () =>
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { description: 'd'.repeat(20_001) }) }),
        'VALIDATION',
        ['input.description'],
      ),
    );
  });

  it.each([
    ['too short', 'ab'],
    ['empty', ''],
    ['only spaces', '     '],
    ['only whitespace', ' \t\n \u00a0 '],
    ['short once trimmed', '   ab   '],
  ])('refuses a subject that is %s', async (_case, subject) => {
    await unchanged(async () =>
      expectRefused(await as(CREATE_TICKET, { input: ticketInput(queueId, { subject }) }), 'VALIDATION', [
        'input.subject',
      ]),
    );
  });

  it('refuses a note body of 20,001 characters, or of blanks, on an existing ticket', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'n'.repeat(20_001) } }),
        'VALIDATION',
        ['input.body'],
      );
      expectRefused(
        await as(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: ' \n\t ' } }),
        'VALIDATION',
        ['input.body'],
      );
    }, ticket.id);
  });

  it('refuses a search of 201 characters', async () => {
    expectRefused(await as(TICKETS, { filter: { search: 'q'.repeat(201) } }), 'VALIDATION', ['filter.search']);
    expectRefused(
      await as(`query($f: TicketFilter) { ticketCounts(filter: $f) { count } }`, { f: { search: 'q'.repeat(201) } }),
      'VALIDATION',
      ['filter.search'],
    );
    const ok = await as(TICKETS, { filter: { search: 'q'.repeat(200) } });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses oversized text on an edit, leaving the ticket as it was', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, subject: 's'.repeat(201) } }),
        'VALIDATION',
        ['input.subject'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, description: 'd'.repeat(20_001) } }),
        'VALIDATION',
        ['input.description'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, subject: '    ' } }),
        'VALIDATION',
        ['input.subject'],
      );
    }, ticket.id);
  });

  it('refuses text with a NUL character with VALIDATION, not an internal error', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { subject: 'Stampante\u0000rotta' }) }),
        'VALIDATION',
        ['input.subject'],
      );
      expectRefused(
        await as(ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'log:\u0000\u0000' } }),
        'VALIDATION',
        ['input.body'],
      );
      expectRefused(await as(TICKETS, { filter: { search: 'stamp\u0000' } }), 'VALIDATION', ['filter.search']);
      expectRefused(
        await as(TRANSITION_TICKET, {
          id: ticket.id,
          input: { to: 'CANCELLED', version: ticket.version, note: 'Doppione\u0000 di un altro' },
        }),
        'VALIDATION',
        ['note'],
      );
    }, ticket.id);
  });
});

describe('unknown enum values and values of the wrong type', () => {
  const ACCEPTABLE_STATUS = [200, 400];

  it('refuses an unknown status written in the query as a validation error', async () => {
    const result = await as(`query { tickets(filter: { status: [BOGUS] }) { edges { node { id } } } }`);
    expectRefused(result, 'GRAPHQL_VALIDATION_FAILED');
    expect(ACCEPTABLE_STATUS).toContain(result.status);
    expect(result.errors![0]!.message).toContain('BOGUS');
  });

  it('refuses an unknown channel written in the query as a validation error, creating nothing', async () => {
    await unchanged(async () => {
      const result = await as(
        `mutation($queueId: ID!) {
        createTicket(input: { queueId: $queueId, channel: FAX, subject: "Fax rotto", placeAndWhat: "Sede, fax", description: "Il fax non riceve più nulla." }) { id }
      }`,
        { queueId },
      );
      expectRefused(result, 'GRAPHQL_VALIDATION_FAILED');
      expect(ACCEPTABLE_STATUS).toContain(result.status);
      expect(result.errors![0]!.message).toContain('FAX');
    });
  });

  it('refuses unknown enum values sent as variables with the same code', async () => {
    const status = await as(TICKETS, { filter: { status: ['BOGUS'] } });
    expectRefused(status, 'GRAPHQL_VALIDATION_FAILED');
    expect(ACCEPTABLE_STATUS).toContain(status.status);
    await unchanged(async () => {
      const channel = await as(CREATE_TICKET, { input: ticketInput(queueId, { channel: 'FAX' }) });
      expectRefused(channel, 'GRAPHQL_VALIDATION_FAILED');
      expect(ACCEPTABLE_STATUS).toContain(channel.status);
      expect(channel.errors![0]!.message).toContain('FAX');
    });
  });

  it('refuses variables of the wrong type, a missing required field and an unknown one, with the same code', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      for (const [query, variables] of [
        [ADD_NOTE, { input: { ticketId: ticket.id, visibility: 'SECRET', body: 'ciao' } }],
        [CREATE_TICKET, { input: ticketInput(queueId, { requestedPriority: 1.5 }) }],
        [CREATE_TICKET, { input: ticketInput(queueId, { requestedPriority: '2' }) }],
        [CREATE_TICKET, { input: { ...ticketInput(queueId), subject: undefined } }],
        [CREATE_TICKET, { input: ticketInput(queueId, { colour: 'red' }) }],
        [CLAIM_TICKET, { id: ticket.id, version: 2 ** 31 }],
        [
          TRANSITION_TICKET,
          { id: ticket.id, input: { to: 'CANCELLED', version: 'one', note: 'Annullato per prova.' } },
        ],
        [ADD_REMINDER, { ticketId: ticket.id, dueAt: 'tomorrow', text: 'Richiamare' }],
        [CLAIM_TICKET, {}],
      ] as const) {
        const result = await as(query, variables as Record<string, unknown>);
        expectRefused(result, 'GRAPHQL_VALIDATION_FAILED');
        expect(ACCEPTABLE_STATUS).toContain(result.status);
      }
    }, ticket.id);
  });
});

describe('ids that name nothing, or the wrong thing', () => {
  it('answers NOT_FOUND for an unknown ticket id, whatever the mutation, writing nothing', async () => {
    await unchanged(async () => {
      for (const id of [UNKNOWN_ID, 'banana']) {
        expectRefused(await as(CLAIM_TICKET, { id }), 'NOT_FOUND');
        expectRefused(await as(CLAIM_TICKET, { id, version: 3 }), 'NOT_FOUND');
        expectRefused(
          await as(TRANSITION_TICKET, { id, input: { to: 'CANCELLED', version: 1, note: 'Non esiste.' } }),
          'NOT_FOUND',
        );
        expectRefused(
          await as(ADD_NOTE, { input: { ticketId: id, visibility: 'INTERNAL', body: 'Nota' } }),
          'NOT_FOUND',
        );
        expectRefused(await as(UPDATE_TICKET, { id, input: { version: 1, subject: 'Nuovo oggetto' } }), 'NOT_FOUND');
        expectRefused(await as(`mutation($id: ID!) { releaseTicket(id: $id) { id } }`, { id }), 'NOT_FOUND');
        expectRefused(
          await as(`mutation($id: ID!) { reassignTicket(id: $id, operatorId: null) { id } }`, { id }, supervisor),
          'NOT_FOUND',
        );
        expectRefused(
          await as(ADD_REMINDER, {
            ticketId: id,
            dueAt: new Date(Date.now() + 3_600_000).toISOString(),
            text: 'Richiamare',
          }),
          'NOT_FOUND',
        );
        expectRefused(await as(COMPLETE_REMINDER, { id }), 'NOT_FOUND');
      }
    });
  });

  it('refuses a ticket in an unknown or inactive queue with VALIDATION on queueId', async () => {
    await unchanged(async () => {
      expectRefused(await as(CREATE_TICKET, { input: ticketInput(UNKNOWN_ID) }), 'VALIDATION', ['queueId']);
      expectRefused(await as(CREATE_TICKET, { input: ticketInput('banana') }), 'VALIDATION', ['queueId']);
      expectRefused(await as(CREATE_TICKET, { input: ticketInput(inactiveQueueId) }), 'VALIDATION', ['queueId']);
    });
  });

  it('refuses a category of another queue, or an unknown one, with VALIDATION on categoryId', async () => {
    await unchanged(async () => {
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { categoryId: otherQueueCategoryId }) }),
        'VALIDATION',
        ['categoryId'],
      );
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { categoryId: UNKNOWN_ID }) }),
        'VALIDATION',
        ['categoryId'],
      );
    });
    const ok = await as(CREATE_TICKET, { input: ticketInput(queueId, { categoryId }) });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses a contact of another customer, or without a customer, with VALIDATION on contactId', async () => {
    await unchanged(async () => {
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { customerId: customerX.id, contactId: contactY }) }),
        'VALIDATION',
        ['contactId'],
      );
      expectRefused(await as(CREATE_TICKET, { input: ticketInput(queueId, { contactId: contactX }) }), 'VALIDATION', [
        'contactId',
      ]);
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { customerId: customerX.id, contactId: UNKNOWN_ID }) }),
        'VALIDATION',
        ['contactId'],
      );
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { customerId: UNKNOWN_ID }) }),
        'VALIDATION',
        ['customerId'],
      );
    });
    const ok = await as(CREATE_TICKET, {
      input: ticketInput(queueId, { customerId: customerX.id, contactId: contactX }),
    });
    expect(ok.errors).toBeUndefined();
  });

  it('names every wrong reference of a new ticket at once, an unknown call among them', async () => {
    await unchanged(async () => {
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { customerId: customerX.id, callId: UNKNOWN_ID }) }),
        'VALIDATION',
        ['callId'],
      );
      expectRefused(
        await as(CREATE_TICKET, {
          input: ticketInput(inactiveQueueId, {
            categoryId,
            customerId: UNKNOWN_ID,
            contactId: contactX,
            callId: UNKNOWN_ID,
          }),
        }),
        'VALIDATION',
        ['queueId', 'categoryId', 'customerId', 'contactId', 'callId'],
      );
    });
  });

  it('refuses the same wrong references on an edit, leaving the ticket as it was', async () => {
    const ticket = await newTicket({ customerId: customerX.id });
    await unchanged(async () => {
      expectRefused(
        await as(UPDATE_TICKET, {
          id: ticket.id,
          input: { version: ticket.version, categoryId: otherQueueCategoryId },
        }),
        'VALIDATION',
        ['categoryId'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, contactId: contactY } }),
        'VALIDATION',
        ['contactId'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, queueId: UNKNOWN_ID } }),
        'VALIDATION',
        ['queueId'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, assigneeId: UNKNOWN_ID } }),
        'VALIDATION',
        ['assigneeId'],
      );
    }, ticket.id);
  });

  it.each(['HT99999', 'banana', 'HT', 'HT-00001', '0', 'HT9999999999'])(
    'answers NOT_FOUND for ticket(code: %j)',
    async (code) => {
      expectRefused(await as(TICKET_BY_CODE, { code }), 'NOT_FOUND');
    },
  );

  it('answers NOT_FOUND for ticket() with an unknown id, or with neither code nor id', async () => {
    expectRefused(await as(`query($id: ID) { ticket(id: $id) { id } }`, { id: UNKNOWN_ID }), 'NOT_FOUND');
    expectRefused(await as(`query { ticket { id } }`), 'NOT_FOUND');
  });
});

describe('requests that are not GraphQL', () => {
  it('refuses a query that does not parse with GRAPHQL_PARSE_FAILED', async () => {
    for (const query of ['{ tickets { ', '', 'mutation { createTicket(input: { subject: "x }) { id } }', '}{']) {
      const result = await post(JSON.stringify({ query }));
      expectRefused(result, 'GRAPHQL_PARSE_FAILED');
      expect([200, 400]).toContain(result.status);
    }
  });

  it('refuses a body that is not JSON, or is empty, with BAD_REQUEST', async () => {
    for (const body of ['this is not json', '', '{"query": "{ me { id } }"', 'null', '[]']) {
      const result = await post(body);
      expectRefused(result, 'BAD_REQUEST');
      expect(result.status, body).toBe(400);
    }
  });

  it('refuses a body without a query, or with a query that is not a string, with BAD_REQUEST', async () => {
    for (const body of [{}, { query: 42 }, { query: null }, { query: '{ me { id } }', variables: 'x' }]) {
      const result = await post(JSON.stringify(body));
      expectRefused(result, 'BAD_REQUEST');
      expect([200, 400]).toContain(result.status);
    }
  });

  it('refuses fields and arguments that do not exist with GRAPHQL_VALIDATION_FAILED', async () => {
    for (const query of [
      '{ tickets { nope } }',
      '{ ticket(number: 3) { id } }',
      '{ passwords }',
      'mutation { dropDatabase }',
    ]) {
      const result = await post(JSON.stringify({ query }));
      expectRefused(result, 'GRAPHQL_VALIDATION_FAILED');
      expect([200, 400]).toContain(result.status);
    }
  });

  it('refuses a mutation over GET', async () => {
    const before = await counts();
    const result = await post(undefined, {}, 'GET', `?query=${encodeURIComponent('mutation { logout }')}`);
    expectRefused(result, 'BAD_REQUEST');
    expect(result.status).toBe(405);
    expect(await counts()).toEqual(before);
  });

  it('answers a malformed attachment path with 404, not 500', async () => {
    for (const path of [
      '/files/%E0%A4%A',
      '/files/%',
      '/files/%00',
      '/files/..%2F..%2Fetc%2Fpasswd',
      `/files/${'x'.repeat(500)}`,
    ]) {
      const response = await fetch(new URL(path, api.url), { headers: { authorization: `Bearer ${operator.token}` } });
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toMatch(/prisma|at \S+:\d+/i);
    }
    expect((await fetch(new URL('/files/%E0%A4%A', api.url))).status).toBe(401);
  });
});

describe('stale versions and priorities', () => {
  it('refuses an edit with a stale version with STALE_VERSION and the current version', async () => {
    const ticket = await newTicket();
    const claimed = (await as(CLAIM_TICKET, { id: ticket.id })).data.claimTicket;
    await unchanged(async () => {
      const result = await as(UPDATE_TICKET, {
        id: ticket.id,
        input: { version: ticket.version, subject: 'Oggetto aggiornato' },
      });
      expectRefused(result, 'STALE_VERSION');
      expect(result.errors![0]!.extensions!.currentVersion).toBe(claimed.version);
    }, ticket.id);
  });

  it('refuses a transition with a stale version with STALE_VERSION and the current version', async () => {
    const ticket = await ticketInProgress();
    await unchanged(async () => {
      for (const version of [ticket.version - 1, ticket.version + 1, 0, -5]) {
        const result = await as(TRANSITION_TICKET, {
          id: ticket.id,
          input: { to: 'DONE', version, solution: 'Sostituito il toner esaurito.' },
        });
        expectRefused(result, 'STALE_VERSION');
        expect(result.errors![0]!.extensions!.currentVersion).toBe(ticket.version);
      }
    }, ticket.id);
  });

  it.each([4, -1, 100])('refuses a priority of %i', async (priority) => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { requestedPriority: priority }) }),
        'VALIDATION',
        ['input.requestedPriority'],
      );
      expectRefused(
        await as(CREATE_TICKET, { input: ticketInput(queueId, { assessedPriority: priority }) }),
        'VALIDATION',
        ['input.assessedPriority'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, requestedPriority: priority } }),
        'VALIDATION',
        ['input.requestedPriority'],
      );
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, assessedPriority: priority } }),
        'VALIDATION',
        ['input.assessedPriority'],
      );
      expectRefused(await as(TICKETS, { filter: { minPriority: priority } }), 'VALIDATION', ['filter.minPriority']);
    }, ticket.id);
  });

  it('refuses to clear a required field, and an edit that changes nothing', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version, requestedPriority: null } }),
        'VALIDATION',
        ['requestedPriority'],
      );
      expectRefused(await as(UPDATE_TICKET, { id: ticket.id, input: { version: ticket.version } }), 'VALIDATION', [
        'input',
      ]);
    }, ticket.id);
  });
});

describe('lifecycle moves that are not allowed', () => {
  it('refuses a move the lifecycle does not allow with INVALID_TRANSITION and the allowed moves', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      const result = await as(TRANSITION_TICKET, {
        id: ticket.id,
        input: { to: 'IN_PROGRESS', version: ticket.version },
      });
      expectRefused(result, 'INVALID_TRANSITION');
      expect(result.errors![0]!.extensions).toMatchObject({
        from: 'NEW',
        to: 'IN_PROGRESS',
        allowed: ['AWAITING_INPUT', 'DONE', 'CANCELLED'],
      });
      const self = await as(TRANSITION_TICKET, { id: ticket.id, input: { to: 'NEW', version: ticket.version } });
      expectRefused(self, 'INVALID_TRANSITION');
    }, ticket.id);
  });

  it('refuses RESCHEDULED without a date, or with a past one', async () => {
    const ticket = await ticketInProgress();
    await unchanged(async () => {
      expectRefused(
        await as(TRANSITION_TICKET, { id: ticket.id, input: { to: 'RESCHEDULED', version: ticket.version } }),
        'VALIDATION',
        ['scheduledAt'],
      );
      expectRefused(
        await as(TRANSITION_TICKET, {
          id: ticket.id,
          input: {
            to: 'RESCHEDULED',
            version: ticket.version,
            scheduledAt: new Date(Date.now() - 86_400_000).toISOString(),
          },
        }),
        'VALIDATION',
        ['scheduledAt'],
      );
      expectRefused(
        await as(TRANSITION_TICKET, {
          id: ticket.id,
          input: { to: 'RESCHEDULED', version: ticket.version, scheduledAt: 'next tuesday' },
        }),
        'GRAPHQL_VALIDATION_FAILED',
      );
    }, ticket.id);
  });

  it('refuses CANCELLED without a reason, with a blank one or with one too long, writing no note', async () => {
    const ticket = await ticketInProgress();
    await unchanged(async () => {
      for (const note of [undefined, null, '', '     ', 'x'.repeat(10_001)]) {
        expectRefused(
          await as(TRANSITION_TICKET, { id: ticket.id, input: { to: 'CANCELLED', version: ticket.version, note } }),
          'VALIDATION',
          ['note'],
        );
      }
    }, ticket.id);
  });

  it('refuses DONE without a solution, and fields the move does not take', async () => {
    const ticket = await ticketInProgress();
    await unchanged(async () => {
      expectRefused(
        await as(TRANSITION_TICKET, { id: ticket.id, input: { to: 'DONE', version: ticket.version } }),
        'VALIDATION',
        ['solution'],
      );
      expectRefused(
        await as(TRANSITION_TICKET, { id: ticket.id, input: { to: 'DONE', version: ticket.version, solution: '   ' } }),
        'VALIDATION',
        ['solution'],
      );
      expectRefused(
        await as(TRANSITION_TICKET, {
          id: ticket.id,
          input: { to: 'SUSPENDED', version: ticket.version, solution: 'Non è una soluzione.' },
        }),
        'VALIDATION',
        ['solution'],
      );
    }, ticket.id);
  });
});

describe('reminders', () => {
  it('refuses a reminder due in the past, or without text', async () => {
    const ticket = await newTicket();
    await unchanged(async () => {
      expectRefused(
        await as(ADD_REMINDER, {
          ticketId: ticket.id,
          dueAt: new Date(Date.now() - 3_600_000).toISOString(),
          text: 'Richiamare',
        }),
        'VALIDATION',
        ['dueAt'],
      );
      expectRefused(
        await as(ADD_REMINDER, {
          ticketId: ticket.id,
          dueAt: new Date(Date.now() + 3_600_000).toISOString(),
          text: '   ',
        }),
        'VALIDATION',
        ['text'],
      );
    }, ticket.id);
  });

  it('completes a reminder once: the second time is VALIDATION, and records one completion', async () => {
    const ticket = await newTicket();
    const added = await as(ADD_REMINDER, {
      ticketId: ticket.id,
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      text: 'Richiamare il cliente',
    });
    expect(added.errors).toBeUndefined();
    const first = await as(COMPLETE_REMINDER, { id: added.data.addReminder.id });
    expect(first.errors).toBeUndefined();
    expect(first.data.completeReminder.doneAt).not.toBeNull();
    const doneAt = (await api.db.reminder.findUniqueOrThrow({ where: { id: added.data.addReminder.id } })).doneAt;

    await unchanged(async () => {
      expectRefused(await as(COMPLETE_REMINDER, { id: added.data.addReminder.id }), 'VALIDATION', ['reminderId']);
    }, ticket.id);
    expect((await api.db.reminder.findUniqueOrThrow({ where: { id: added.data.addReminder.id } })).doneAt).toEqual(
      doneAt,
    );
    expect(await api.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'REMINDER_COMPLETED' } })).toBe(1);
  });
});

describe('what the errors tell', () => {
  it('never gives away a stack trace, SQL or the ORM, in any of the errors above', () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const result of seen) {
      expect(result.status).not.toBe(500);
      expect(result.errors!.every((error) => typeof error.extensions?.code === 'string')).toBe(true);
      expectNothingLeaked(result);
    }
  });

  it('refuses connection arguments that make no sense with a clear error, never a 500', async () => {
    for (const query of [
      '{ tickets(first: -1) { edges { node { id } } } }',
      '{ tickets(after: "garbage") { edges { node { id } } } }',
    ]) {
      const result = await as(query);
      expect(result.status).not.toBe(500);
      expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(result.data?.tickets ?? null).toBeNull();
      expectNothingLeaked(result);
    }
    const huge = await as('{ tickets(first: 2147483647) { edges { node { id } } } }');
    expect(huge.status).not.toBe(500);
    expectNothingLeaked(huge);
  });
});
