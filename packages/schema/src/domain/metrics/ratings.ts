import { Prisma, type Rating, type RatingSource, type Ticket } from '@sportello/db';
import { notFound, validationError } from '../../errors.ts';
import { canSeeTicket } from '../access.ts';
import type { Viewer } from '../identity.ts';
import { commitTicketChange, type TicketChange } from '../tickets.ts';

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
export const MAX_COMMENT_LENGTH = 2_000;

const alreadyRated = () => validationError([{ field: 'ticketId', message: 'This ticket has already been rated.' }]);

export function checkScore(score: number) {
  if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) {
    throw validationError([{ field: 'score', message: `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.` }]);
  }
}

/** Whether a failed write was refused by the unique ticketId of ratings: someone else rated the ticket first. */
export const isDuplicateRating = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Records the one rating of a ticket with its timeline entry (UPDATED, field "rating", public). The unique ticketId
 * is what keeps it to one: of two ratings racing, the second insert fails with P2002 (see isDuplicateRating).
 */
export async function recordRating(
  tx: Prisma.TransactionClient,
  input: {
    ticket: Ticket;
    score: number;
    comment?: string | null;
    contactId: string | null;
    source: RatingSource;
    /** Who rated, when signed in (a survey answer comes through a link, without a login). */
    actorId: string | null;
    now: Date;
  },
): Promise<TicketChange & { rating: Rating }> {
  const { ticket, now } = input;
  const rating = await tx.rating.create({
    data: {
      ticketId: ticket.id,
      score: input.score,
      comment: input.comment?.trim() || null,
      contactId: input.contactId,
      source: input.source,
      createdAt: now,
    },
  });
  const event = await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      actorId: input.actorId,
      type: 'UPDATED',
      field: 'rating',
      toValue: String(input.score),
      data: { ratingId: rating.id, score: input.score, source: input.source },
      createdAt: now,
    },
  });
  return { ticket, event, rating };
}

/**
 * The customer's rating (1–5) of a closed ticket: by a user of the ticket's organisation in the portal, or by staff
 * on their behalf (then it is credited to the ticket's contact). Once per ticket, and only while the ticket is closed
 * (DONE or CANCELLED). The rating is one entry of the public timeline, published as any change; the ticket's version
 * does not move, as for a note.
 */
export async function rateTicket(
  viewer: Viewer,
  input: { ticketId: string; score: number; comment?: string | null },
  now = new Date(),
): Promise<TicketChange & { rating: Rating }> {
  checkScore(input.score);
  let rating!: Rating;
  try {
    const change = await commitTicketChange(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id: input.ticketId } });
      if (!ticket || !canSeeTicket(viewer, ticket)) throw notFound('Ticket');
      if (ticket.status !== 'DONE' && ticket.status !== 'CANCELLED') {
        throw validationError([
          { field: 'ticketId', message: 'Only a closed ticket (DONE or CANCELLED) can be rated.' },
        ]);
      }
      if (await tx.rating.findUnique({ where: { ticketId: ticket.id }, select: { id: true } })) throw alreadyRated();
      const contactId = viewer.isStaff
        ? ticket.contactId
        : ((await tx.contact.findUnique({ where: { userId: viewer.id }, select: { id: true } }))?.id ?? null);
      const recorded = await recordRating(tx, {
        ticket,
        score: input.score,
        comment: input.comment,
        contactId,
        source: viewer.isStaff ? 'STAFF' : 'PORTAL',
        actorId: viewer.id,
        now,
      });
      rating = recorded.rating;
      return recorded;
    });
    return { ...change, rating };
  } catch (error) {
    // Two ratings at once: the unique ticketId lets one in, the other fails here.
    if (isDuplicateRating(error)) throw alreadyRated();
    throw error;
  }
}
