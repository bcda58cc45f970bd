import type { Client } from '@urql/svelte';
import { RateTicketMutation } from '$lib/portal/documents';
import { apiError, type ApiError } from '$lib/tickets/errors';

const CLOSED = ['DONE', 'CANCELLED'];

/** A ticket rates once it is closed, and only once. */
export const canRate = (ticket: { status: string; rating: unknown }) =>
  CLOSED.includes(ticket.status) && ticket.rating === null;

/** Rates a closed ticket from 1 to 5: the customer in the portal, or staff on their behalf (the API tells which). */
export async function rateTicket(
  client: Client,
  ticketId: string,
  score: number,
  comment: string,
): Promise<ApiError | undefined> {
  const result = await client.mutation(RateTicketMutation, { ticketId, score, comment: comment || null }).toPromise();
  return apiError(result.error);
}
