import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type Database } from '@sportello/db';
import { createTestDatabase, type TestDatabase } from '@sportello/db/testing';

let database: TestDatabase;
let db: Database;
let survey: typeof import('./answer.ts');
let links: typeof import('./links.ts');
let token: typeof import('./token.ts');
let ratings: typeof import('../metrics/ratings.ts');
let queueId: string;
let contactId: string;

const now = new Date('2026-11-23T10:00:00Z');
const days = (count: number) => new Date(now.getTime() + count * 86_400_000);

beforeAll(async () => {
  database = await createTestDatabase();
  // The domain modules use the process's client (src/db.ts), which reads DATABASE_URL when first imported.
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_POOL_SIZE = database.embedded ? '1' : '10';
  db = createPrismaClient(database.url, { maxConnections: database.embedded ? 1 : 4 });
  [survey, links, token, ratings] = await Promise.all([
    import('./answer.ts'),
    import('./links.ts'),
    import('./token.ts'),
    import('../metrics/ratings.ts'),
  ]);
  queueId = (await db.queue.create({ data: { name: 'SOFTWARE' } })).id;
  const customer = await db.customer.create({ data: { name: 'Studio Brambilla', contractState: 'ACTIVE' } });
  contactId = (await db.contact.create({ data: { customerId: customer.id, name: 'Elena Brambilla' } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  const { db: processDb } = await import('../../db.ts');
  await processDb.$disconnect();
  await database?.drop();
});

async function closedTicket(subject = 'Gestionale lento in chiusura mese') {
  return db.ticket.create({
    data: {
      queueId,
      contactId,
      channel: 'EMAIL',
      subject,
      placeAndWhat: 'Amministrazione, PC contabilità',
      description: 'Il gestionale impiega minuti per aprire le scadenze.',
      status: 'DONE',
      solution: 'Ricostruiti gli indici del database.',
      closedAt: now,
    },
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('the survey of a signed link', () => {
  it('shows the ticket, then records one answer from the link (source SURVEY, credited to the contact)', async () => {
    const ticket = await closedTicket();
    const link = await links.surveyLink(ticket.id, now);
    const signed = decodeURIComponent(link.split('/survey/')[1]!);

    const before = await survey.surveyForToken(signed, now);
    expect(before).toMatchObject({ subject: 'Gestionale lento in chiusura mese', rating: null });
    expect(before.ticketCode).toMatch(/^HT\d{5}$/);
    expect(before.expiresAt.getTime()).toBe(days(links.DEFAULT_SURVEY_VALID_DAYS).getTime());

    const answered = await survey.answerSurvey({ token: signed, score: 4, comment: '  Gentili e veloci.  ' }, now);
    expect(answered.rating).toMatchObject({ score: 4, comment: 'Gentili e veloci.', source: 'SURVEY', contactId });
    expect(answered.event).toMatchObject({ type: 'UPDATED', field: 'rating', toValue: '4', actorId: null });
    expect(answered.event.internal).toBe(false);

    const after = await survey.surveyForToken(signed, now);
    expect(after.rating).toMatchObject({ score: 4, comment: 'Gentili e veloci.', source: 'SURVEY' });
  });

  it('refuses a second answer, and of two racing answers lets exactly one in', async () => {
    const ticket = await closedTicket();
    const signed = decodeURIComponent((await links.surveyLink(ticket.id, now)).split('/survey/')[1]!);
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map((score) => codeOf(survey.answerSurvey({ token: signed, score }, now))),
    );
    expect(outcomes.filter((outcome) => outcome === 'resolved')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'SURVEY_ALREADY_ANSWERED')).toHaveLength(4);
    expect(await db.rating.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(await db.ticketEvent.count({ where: { ticketId: ticket.id, field: 'rating' } })).toBe(1);

    expect(await codeOf(survey.answerSurvey({ token: signed, score: 5 }, now))).toBe('SURVEY_ALREADY_ANSWERED');
  });

  it('closes the survey of a ticket already rated in the portal, and the portal after a survey answer', async () => {
    const ticket = await closedTicket();
    const user = await db.user.create({
      data: { email: 'elena@studio.example', name: 'Elena Brambilla', role: 'CUSTOMER', passwordHash: 'x' },
    });
    await db.contact.update({ where: { id: contactId }, data: { userId: user.id } });
    const customerId = (await db.contact.findUniqueOrThrow({ where: { id: contactId } })).customerId;
    const viewer = {
      id: user.id,
      name: user.name,
      email: user.email,
      role: 'CUSTOMER' as const,
      customerId,
      contactId,
      isStaff: false,
      canWrite: true,
      sessionId: null,
      tokenId: null,
    };
    await db.ticket.update({ where: { id: ticket.id }, data: { customerId } });
    const rated = await ratings.rateTicket(viewer, { ticketId: ticket.id, score: 5 }, now);
    expect(rated.rating.source).toBe('PORTAL');

    const signed = decodeURIComponent((await links.surveyLink(ticket.id, now)).split('/survey/')[1]!);
    expect((await survey.surveyForToken(signed, now)).rating).toMatchObject({ score: 5, source: 'PORTAL' });
    expect(await codeOf(survey.answerSurvey({ token: signed, score: 1 }, now))).toBe('SURVEY_ALREADY_ANSWERED');

    const other = await closedTicket();
    await db.ticket.update({ where: { id: other.id }, data: { customerId } });
    const otherToken = decodeURIComponent((await links.surveyLink(other.id, now)).split('/survey/')[1]!);
    await survey.answerSurvey({ token: otherToken, score: 3 }, now);
    expect(await codeOf(ratings.rateTicket(viewer, { ticketId: other.id, score: 5 }, now))).toBe('VALIDATION');
    await db.contact.update({ where: { id: contactId }, data: { userId: null } });
  });

  it('refuses an expired link, also when configured shorter, and tells it from a forged one', async () => {
    const ticket = await closedTicket();
    await links.setSurveyValidDays(2);
    const signed = decodeURIComponent((await links.surveyLink(ticket.id, now)).split('/survey/')[1]!);
    await links.setSurveyValidDays(links.DEFAULT_SURVEY_VALID_DAYS);

    expect((await survey.surveyForToken(signed, days(1.9))).expiresAt.getTime()).toBe(days(2).getTime());
    expect(await codeOf(survey.surveyForToken(signed, days(2)))).toBe('SURVEY_LINK_EXPIRED');
    expect(await codeOf(survey.answerSurvey({ token: signed, score: 5 }, days(3)))).toBe('SURVEY_LINK_EXPIRED');

    // Signed with another key: not ours, whatever it says.
    const forged = token.signSurveyToken('not-the-instance-key', { ticketId: ticket.id, expiresAt: days(10) });
    expect(await codeOf(survey.surveyForToken(forged, now))).toBe('SURVEY_LINK_INVALID');
    expect(await codeOf(survey.answerSurvey({ token: forged, score: 5 }, now))).toBe('SURVEY_LINK_INVALID');
    expect(await codeOf(survey.surveyForToken('HT00001', now))).toBe('SURVEY_LINK_INVALID');
    expect(await db.rating.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('refuses a well-signed link whose ticket is gone, and a score out of 1–5', async () => {
    const ticket = await closedTicket();
    const signed = decodeURIComponent((await links.surveyLink(ticket.id, now)).split('/survey/')[1]!);
    for (const score of [0, 6, 2.5]) {
      expect(await codeOf(survey.answerSurvey({ token: signed, score }, now))).toBe('VALIDATION');
    }
    await db.ticket.delete({ where: { id: ticket.id } });
    expect(await codeOf(survey.surveyForToken(signed, now))).toBe('SURVEY_LINK_INVALID');
    expect(await codeOf(survey.answerSurvey({ token: signed, score: 3 }, now))).toBe('SURVEY_LINK_INVALID');
  });
});
