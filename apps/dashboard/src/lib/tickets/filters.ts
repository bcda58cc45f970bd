import type { VariablesOf } from '$lib/graphql/graphql';
import type { TicketsQuery } from './documents';

export const TICKET_STATUSES = [
  'NEW',
  'AWAITING_INPUT',
  'REQUEST_SENT',
  'IN_PROGRESS',
  'RESCHEDULED',
  'CHANGES_REQUESTED',
  'SUSPENDED',
  'COMPLAINT',
  'DONE',
  'CANCELLED',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const ORDER_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'PRIORITY', 'NUMBER', 'STATUS'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type OrderDirection = 'ASC' | 'DESC';

/** What the ticket list shows, as kept in the URL query string (so a view can be bookmarked and shared). */
export interface TicketListFilters {
  queueId: string;
  statuses: TicketStatus[];
  mine: boolean;
  unclaimed: boolean;
  open: boolean;
  search: string;
  orderField: OrderField;
  orderDirection: OrderDirection;
}

export const DEFAULT_FILTERS: TicketListFilters = {
  queueId: '',
  statuses: [],
  mine: false,
  unclaimed: false,
  open: true,
  search: '',
  orderField: 'CREATED_AT',
  orderDirection: 'DESC',
};

const isStatus = (value: string): value is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(value);
const isOrderField = (value: string): value is OrderField => (ORDER_FIELDS as readonly string[]).includes(value);

export function filtersFromSearchParams(params: URLSearchParams): TicketListFilters {
  const sort = params.get('sort') ?? '';
  const direction = params.get('dir');
  return {
    queueId: params.get('queue') ?? '',
    statuses: params.getAll('status').filter(isStatus),
    mine: params.get('mine') === '1',
    unclaimed: params.get('unclaimed') === '1',
    open: params.get('open') !== '0',
    search: params.get('q') ?? '',
    orderField: isOrderField(sort) ? sort : DEFAULT_FILTERS.orderField,
    orderDirection: direction === 'ASC' ? 'ASC' : 'DESC',
  };
}

/** Only what differs from the defaults goes into the URL. */
export function filtersToSearchParams(filters: TicketListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.queueId) params.set('queue', filters.queueId);
  for (const status of filters.statuses) params.append('status', status);
  if (filters.mine) params.set('mine', '1');
  if (filters.unclaimed) params.set('unclaimed', '1');
  if (!filters.open) params.set('open', '0');
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.orderField !== DEFAULT_FILTERS.orderField) params.set('sort', filters.orderField);
  if (filters.orderDirection !== DEFAULT_FILTERS.orderDirection) params.set('dir', filters.orderDirection);
  return params;
}

type TicketsVariables = VariablesOf<typeof TicketsQuery>;

/** The `tickets` query's filter and order for these filters. */
export function ticketQueryVariables(filters: TicketListFilters): Pick<TicketsVariables, 'filter' | 'orderBy'> {
  return {
    filter: {
      queueId: filters.queueId || undefined,
      status: filters.statuses.length > 0 ? filters.statuses : undefined,
      mine: filters.mine || undefined,
      unclaimed: filters.unclaimed || undefined,
      open: filters.open ? true : undefined,
      search: filters.search.trim() || undefined,
    },
    orderBy: { field: filters.orderField, direction: filters.orderDirection },
  };
}

/** What a live event says about a ticket, enough to decide whether the list must be refreshed. */
export interface TicketEventSummary {
  ticketId: string;
  status: TicketStatus;
  queueId: string;
  claimedById: string | null;
}

/**
 * Whether an event can change what the list shows: it concerns a visible ticket, or the ticket (as it is now)
 * matches the filters and may have to appear. Text search is the server's business, so with a search only visible
 * tickets count.
 */
export function eventConcernsList(
  event: TicketEventSummary,
  filters: TicketListFilters,
  visibleTicketIds: readonly string[],
  myUserId: string | undefined,
): boolean {
  if (visibleTicketIds.includes(event.ticketId)) return true;
  if (filters.search.trim()) return false;
  if (filters.queueId && filters.queueId !== event.queueId) return false;
  if (filters.statuses.length > 0 && !filters.statuses.includes(event.status)) return false;
  if (filters.open && (event.status === 'DONE' || event.status === 'CANCELLED')) return false;
  if (filters.unclaimed && event.claimedById) return false;
  if (filters.mine && event.claimedById !== myUserId) return false;
  return true;
}
