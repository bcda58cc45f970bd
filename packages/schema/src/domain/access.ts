import type { Prisma } from '@sportello/db';
import { forbidden, unauthenticated } from '../errors.ts';
import type { Viewer } from './identity.ts';

/** Which tickets a viewer may see: staff see all, a customer only their organisation's. */
export function visibleTickets(viewer: Viewer): Prisma.TicketWhereInput {
  return viewer.isStaff ? {} : { customerId: viewer.customerId ?? '∅' };
}

/** Customers never see internal notes, nor the internal entries of the timeline. */
export const visibleNotes = (viewer: Viewer): Prisma.NoteWhereInput => (viewer.isStaff ? {} : { visibility: 'PUBLIC' });
export const visibleEvents = (viewer: Viewer): Prisma.TicketEventWhereInput =>
  viewer.isStaff ? {} : { internal: false };

export function canSeeTicket(viewer: Viewer, ticket: { customerId: string | null }): boolean {
  return viewer.isStaff || (ticket.customerId !== null && ticket.customerId === viewer.customerId);
}

/**
 * Everything a read may depend on besides its arguments and the data: the role and write scope that the auth
 * scopes look at, and, for a customer, who they are. Viewers of one class see the same result, so a result computed
 * for one of them may be handed to all (the API shares subscription results this way).
 */
export const readerClass = (viewer: Viewer): string =>
  viewer.isStaff ? `staff:${viewer.role}:${viewer.canWrite ? 'write' : 'read'}` : `customer:${viewer.id}`;

export const isSupervisor = (viewer: Viewer) => viewer.role === 'SUPERVISOR' || viewer.role === 'ADMIN';

/** Domain functions re-check what the schema's auth scopes already checked, so they are safe to call from anywhere. */
export function requireStaff(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw unauthenticated();
  if (!viewer.isStaff) throw forbidden('Only support staff can do this.');
}
