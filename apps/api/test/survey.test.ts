import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TICKET, startTestApi, ticketInput, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: User;
let admin: User;
let customerId: string;
let contactId: string;
let surveyLink: typeof import('@sportello/schema/domain/survey/links').surveyLink;

beforeAll(async () => {
  api = await startTestApi();
  ({ surveyLink } = await import('@sportello/schema/domain/survey/links'));
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR');
  admin = await api.fixtures.user('ADMIN');
  customerId = (await api.fixtures.customer('ACTIVE')).id;
  contactId = (await api.db.contact.create({ data: { customerId, name: 'Elena Brambilla' } })).id;
});
afterAll(() => api?.stop());

const DAY = 86_400_000;

/** A ticket solved during the call: created DONE, so it can be rated at once. */
async function closedTicket(subject = 'PC della reception non si avvia') {
  const result = await api.graphql(
    CREATE_TICKET,
    {
      input: ticketInput(queueId, {
        customerId,
        contactId,
        subject,
        solution: 'Sostituito l’alimentatore: il PC si avvia regolarmente.',
      }),
    },
    { token: operator.token },
  );
  expect(result.errors).toBeUndefined();
  return result.data.createTicket as { id: string; code: string };
}

/** The token of a real signed link (the path after /survey/), as the dashboard's route receives it. */
const tokenOf = (link: string) => decodeURIComponent(new URL(link).pathname.slice('/survey/'.length));

const SURVEY = /* GraphQL */ `
  query Survey($token: String!) {
    survey(token: $token) {
      ticketCode
      subject
      expiresAt
      answered
      score
      comment
      answeredAt
    }
  }
`;

const ANSWER = /* GraphQL */ `
  mutation Answer($token: String!, $score: Int!, $comment: String) {
    answerSurvey(token: $token, score: $score, comment: $comment) {
      ticketCode
      answered
      score
      comment
    }
  }
`;

/** How many closed tickets of the test queue have a rating, in the satisfaction figures of today. */
async function ratedInWindow(): Promise<number> {
  const now = Date.now();
  const figures = await api.graphql(
    `query($window: MetricsWindowInput!, $queueId: ID) { metrics(window: $window, queueId: $queueId) { satisfaction { rated } } }`,
    {
      window: { period: 'CUSTOM', from: new Date(now - DAY).toISOString(), to: new Date(now + DAY).toISOString() },
      queueId,
    },
    { token: admin.token },
  );
  expect(figures.errors).toBeUndefined();
  return figures.data.metrics.satisfaction.rated;
}

const codeOf = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => result.errors?.[0]?.extensions?.code;

describe('the survey link (no sign-in)', () => {
  it('shows the ticket and takes one answer, which feeds the satisfaction figures', async () => {
    const ticket = await closedTicket();
    const token = tokenOf(await surveyLink(ticket.id, new Date()));
    const ratedBefore = await ratedInWindow();

    const shown = await api.graphql(SURVEY, { token });
    expect(shown.errors).toBeUndefined();
    expect(shown.data.survey).toMatchObject({
      ticketCode: ticket.code,
      subject: 'PC della reception non si avvia',
      answered: false,
      score: null,
      answeredAt: null,
    });
    const expiresIn = new Date(shown.data.survey.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(13 * DAY);
    expect(expiresIn).toBeLessThanOrEqual(14 * DAY);

    const answered = await api.graphql(ANSWER, { token, score: 4, comment: 'Tecnico puntuale e gentile.' });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerSurvey).toEqual({
      ticketCode: ticket.code,
      answered: true,
      score: 4,
      comment: 'Tecnico puntuale e gentile.',
    });
    const rating = await api.db.rating.findUniqueOrThrow({ where: { ticketId: ticket.id } });
    expect(rating).toMatchObject({ score: 4, source: 'SURVEY', contactId });

    // Staff see the answer on the ticket, with where it came from.
    const seen = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { rating { score comment source } events { type field toValue actor { id } } } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(seen.data.ticket.rating).toEqual({ score: 4, comment: 'Tecnico puntuale e gentile.', source: 'SURVEY' });
    expect(seen.data.ticket.events.at(-1)).toEqual({ type: 'UPDATED', field: 'rating', toValue: '4', actor: null });

    expect(await ratedInWindow()).toBe(ratedBefore + 1);
  });

  it('refuses a second answer, and lets one of several racing answers in', async () => {
    const ticket = await closedTicket();
    const token = tokenOf(await surveyLink(ticket.id, new Date()));
    const results = await Promise.all([1, 2, 3, 4, 5].map((score) => api.graphql(ANSWER, { token, score })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => codeOf(result) === 'SURVEY_ALREADY_ANSWERED')).toHaveLength(4);

    const again = await api.graphql(ANSWER, { token, score: 5, comment: 'Ci riprovo' });
    expect(codeOf(again)).toBe('SURVEY_ALREADY_ANSWERED');
    const shown = await api.graphql(SURVEY, { token });
    expect(shown.data.survey.answered).toBe(true);
    expect(await api.db.rating.count({ where: { ticketId: ticket.id } })).toBe(1);
  });

  it('refuses an expired link and a link that is not ours, with their own codes', async () => {
    const ticket = await closedTicket();
    // Signed with the instance key a month ago: its 14 days are over.
    const expired = tokenOf(await surveyLink(ticket.id, new Date(Date.now() - 30 * DAY)));
    expect(codeOf(await api.graphql(SURVEY, { token: expired }))).toBe('SURVEY_LINK_EXPIRED');
    expect(codeOf(await api.graphql(ANSWER, { token: expired, score: 5 }))).toBe('SURVEY_LINK_EXPIRED');

    const good = tokenOf(await surveyLink(ticket.id, new Date()));
    const [id, expires, mac] = good.split('.');
    const tampered = `${id}.${Number(expires) + 86_400}.${mac}`;
    for (const token of [tampered, 'HT00001', `${id}.${expires}`]) {
      expect(codeOf(await api.graphql(SURVEY, { token }))).toBe('SURVEY_LINK_INVALID');
      expect(codeOf(await api.graphql(ANSWER, { token, score: 3 }))).toBe('SURVEY_LINK_INVALID');
    }
    expect(codeOf(await api.graphql(SURVEY, { token: 'x'.repeat(500) }))).toBe('VALIDATION');
    expect(await api.db.rating.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('checks the score and the comment, and shows nothing else of the ticket', async () => {
    const ticket = await closedTicket();
    const token = tokenOf(await surveyLink(ticket.id, new Date()));
    for (const score of [0, 6]) expect(codeOf(await api.graphql(ANSWER, { token, score }))).toBe('VALIDATION');
    const tooLong = await api.graphql(ANSWER, { token, score: 3, comment: 'x'.repeat(2001) });
    expect(codeOf(tooLong)).toBe('VALIDATION');
    // The survey is not a way into the ticket.
    const prying = await api.graphql(`query($token: String!) { survey(token: $token) { ticket { description } } }`, {
      token,
    });
    expect(codeOf(prying)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await api.db.rating.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});

describe('the link on the ticket, for staff', () => {
  const LINK = `query($id: ID!) { ticket(id: $id) { surveyLink } }`;

  it('gives staff the link of a closed ticket, valid from its closure, and none for an open one', async () => {
    const ticket = await closedTicket();
    const link = (await api.graphql(LINK, { id: ticket.id }, { token: operator.token })).data.ticket.surveyLink;
    expect(link).toMatch(/\/survey\/[^/]+$/);
    const shown = await api.graphql(SURVEY, { token: tokenOf(link) });
    expect(shown.data.survey).toMatchObject({ ticketCode: ticket.code, answered: false });

    // Closed a month ago: its link expired two weeks later.
    await api.db.ticket.update({ where: { id: ticket.id }, data: { closedAt: new Date(Date.now() - 30 * DAY) } });
    const old = (await api.graphql(LINK, { id: ticket.id }, { token: operator.token })).data.ticket.surveyLink;
    expect(codeOf(await api.graphql(SURVEY, { token: tokenOf(old) }))).toBe('SURVEY_LINK_EXPIRED');

    const open = await api.graphql(
      CREATE_TICKET.replace('paidIntervention', 'paidIntervention surveyLink'),
      { input: ticketInput(queueId, { customerId, contactId }) },
      { token: operator.token },
    );
    expect(open.data.createTicket.surveyLink).toBeNull();
  });

  it('keeps it from customers', async () => {
    const ticket = await closedTicket();
    const customer = await api.fixtures.user('CUSTOMER', { customerId });
    const read = await api.graphql(LINK, { id: ticket.id }, { token: customer.token });
    expect(codeOf(read)).toBe('FORBIDDEN');
  });
});

describe('ratings by source', () => {
  it('records a rating by staff as STAFF', async () => {
    const ticket = await closedTicket();
    const rated = await api.graphql(
      `mutation($id: ID!) { rateTicket(ticketId: $id, score: 3) { score source } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateTicket).toEqual({ score: 3, source: 'STAFF' });
    const token = tokenOf(await surveyLink(ticket.id, new Date()));
    expect((await api.graphql(SURVEY, { token })).data.survey).toMatchObject({ answered: true, score: 3 });
    expect(codeOf(await api.graphql(ANSWER, { token, score: 5 }))).toBe('SURVEY_ALREADY_ANSWERED');
  });
});

describe('survey settings', () => {
  const SETTINGS = `{ surveySettings { validDays } }`;
  const SET = `mutation($days: Int!) { setSurveyValidDays(days: $days) { validDays } }`;

  it('lets admins read and change how long new links last', async () => {
    expect((await api.graphql(SETTINGS, {}, { token: admin.token })).data.surveySettings).toEqual({ validDays: 14 });
    const set = await api.graphql(SET, { days: 3 }, { token: admin.token });
    expect(set.data.setSurveyValidDays).toEqual({ validDays: 3 });

    const ticket = await closedTicket();
    const token = tokenOf(await surveyLink(ticket.id, new Date()));
    const expiresIn = new Date((await api.graphql(SURVEY, { token })).data.survey.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(2 * DAY);
    expect(expiresIn).toBeLessThanOrEqual(3 * DAY);

    for (const days of [0, 366, -1]) {
      expect(codeOf(await api.graphql(SET, { days }, { token: admin.token }))).toBe('VALIDATION');
    }
    await api.graphql(SET, { days: 14 }, { token: admin.token });
  });

  it('keeps them from everybody else', async () => {
    expect(codeOf(await api.graphql(SETTINGS, {}, { token: operator.token }))).toBe('FORBIDDEN');
    expect(codeOf(await api.graphql(SET, { days: 30 }, { token: operator.token }))).toBe('FORBIDDEN');
    expect(codeOf(await api.graphql(SETTINGS))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.graphql(SET, { days: 30 }))).toBe('UNAUTHENTICATED');
  });
});
