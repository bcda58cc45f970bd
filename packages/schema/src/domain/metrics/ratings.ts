import { Prisma, type Rating } from '@sportello/db';
import { notFound, validationError } from '../../errors.ts';
import { canSeeTicket } from '../access.ts';
import type { Viewer } from '../identity.ts';
import { commitTicketChange, type TicketChange } from '../tickets.ts';

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;

const alreadyRated = () => validationError([{ field: 'ticketId', message: 'This ticket has already been rated.' }]);

/**
 * The customer's rating (1–5) of a closed ticket: by a user of the ticket's organisation, or by staff on their
 * behalf (then it is credited to the ticket's contact). Once per ticket, and only while the ticket is closed (DONE
 * or CANCELLED). The rating is one entry of the public timeline (UPDATED, field "rating"), published as any change;
 * the ticket's version does not move, as for a note.
 */
export async function rateTicket(
  viewer: Viewer,
  input: { ticketId: string; score: number; comment?: string | null },
  now = new Date(),
): Promise<TicketChange & { rating: Rating }> {
  if (!Number.isInteger(input.score) || input.score < MIN_SCORE || input.score > MAX_SCORE) {
    throw validationError([{ field: 'score', message: `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.` }]);
  }
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
      rating = await tx.rating.create({
        data: {
          ticketId: ticket.id,
          score: input.score,
          comment: input.comment?.trim() || null,
          contactId,
          createdAt: now,
        },
      });
      const event = await tx.ticketEvent.create({
        data: {
          ticketId: ticket.id,
          actorId: viewer.id,
          type: 'UPDATED',
          field: 'rating',
          toValue: String(input.score),
          data: { ratingId: rating.id, score: input.score },
          createdAt: now,
        },
      });
      return { ticket, event };
    });
    return { ...change, rating };
  } catch (error) {
    // Two ratings at once: the unique ticketId lets one in, the other fails here.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw alreadyRated();
    throw error;
  }
}
