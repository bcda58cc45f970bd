import type { Rating } from '@sportello/db';
import { db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import { formatTicketCode } from '../ticket-code.ts';
import { checkScore, isDuplicateRating, MAX_COMMENT_LENGTH, recordRating } from '../metrics/ratings.ts';
import { commitTicketChange, type TicketChange } from '../tickets.ts';
import { checkSurveyToken } from './links.ts';

/**
 * The satisfaction survey behind a signed link: whoever holds the link (mailed to the ticket's contact when it was
 * closed) may rate the ticket once, without signing in, until the link expires. What the link shows is only the
 * ticket's code and subject, never its timeline.
 */
export interface SurveyView {
  ticketCode: string;
  subject: string;
  expiresAt: Date;
  /** The ticket's rating, when it has one (from this survey, the portal or staff): the survey is then closed. */
  rating: Pick<Rating, 'score' | 'comment' | 'source' | 'createdAt'> | null;
}

export const invalidSurveyLink = () =>
  new AppError('SURVEY_LINK_INVALID', 'This survey link is not valid: check that it was copied whole.');
export const expiredSurveyLink = () => new AppError('SURVEY_LINK_EXPIRED', 'This survey link has expired.');
export const surveyAlreadyAnswered = () =>
  new AppError('SURVEY_ALREADY_ANSWERED', 'This ticket has already been rated: thank you.');

/** The signed claim of a link, or the typed error that says why it cannot be used. */
async function claimOf(token: string, now: Date) {
  const check = await checkSurveyToken(token, now);
  if (!check.ok) throw check.reason === 'EXPIRED' ? expiredSurveyLink() : invalidSurveyLink();
  return check.claim;
}

export async function surveyForToken(token: string, now = new Date()): Promise<SurveyView> {
  const claim = await claimOf(token, now);
  const ticket = await db.ticket.findUnique({
    where: { id: claim.ticketId },
    select: {
      number: true,
      subject: true,
      rating: { select: { score: true, comment: true, source: true, createdAt: true } },
    },
  });
  // A well-signed link to a ticket that was since deleted.
  if (!ticket) throw invalidSurveyLink();
  return {
    ticketCode: formatTicketCode(ticket.number),
    subject: ticket.subject,
    expiresAt: claim.expiresAt,
    rating: ticket.rating,
  };
}

/**
 * Answers the survey: a rating from 1 to 5 with an optional comment, credited to the ticket's contact, with source
 * SURVEY. One answer per ticket, whatever its channel: a second one, or one racing the first, is refused with
 * SURVEY_ALREADY_ANSWERED (the unique ticketId of ratings decides the race).
 */
export async function answerSurvey(
  input: { token: string; score: number; comment?: string | null },
  now = new Date(),
): Promise<TicketChange & { rating: Rating }> {
  const claim = await claimOf(input.token, now);
  checkScore(input.score);
  if ((input.comment ?? '').length > MAX_COMMENT_LENGTH) {
    throw new AppError('VALIDATION', `The comment must be at most ${MAX_COMMENT_LENGTH} characters.`, {
      issues: [{ field: 'comment', message: `At most ${MAX_COMMENT_LENGTH} characters.` }],
    });
  }
  let rating!: Rating;
  try {
    const change = await commitTicketChange(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id: claim.ticketId } });
      if (!ticket) throw invalidSurveyLink();
      if (await tx.rating.findUnique({ where: { ticketId: ticket.id }, select: { id: true } })) {
        throw surveyAlreadyAnswered();
      }
      const recorded = await recordRating(tx, {
        ticket,
        score: input.score,
        comment: input.comment,
        contactId: ticket.contactId,
        source: 'SURVEY',
        actorId: null,
        now,
      });
      rating = recorded.rating;
      return recorded;
    });
    return { ...change, rating };
  } catch (error) {
    if (isDuplicateRating(error)) throw surveyAlreadyAnswered();
    throw error;
  }
}
