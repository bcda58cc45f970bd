import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  eventConcernsList,
  filtersFromSearchParams,
  filtersToSearchParams,
  ticketQueryVariables,
  type TicketEventSummary,
} from './filters';

const event = (overrides: Partial<TicketEventSummary> = {}): TicketEventSummary => ({
  ticketId: 't1',
  status: 'NEW',
  queueId: 'q1',
  claimedById: null,
  ...overrides,
});

describe('ticket list filters', () => {
  it('round-trips through the query string, keeping only what differs from the defaults', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      queueId: 'q1',
      statuses: ['NEW' as const, 'COMPLAINT' as const],
      mine: true,
      open: false,
      search: 'HT00191',
      orderField: 'PRIORITY' as const,
      orderDirection: 'ASC' as const,
    };
    const params = filtersToSearchParams(filters);

    expect(params.toString()).toBe(
      'queue=q1&status=NEW&status=COMPLAINT&mine=1&open=0&q=HT00191&sort=PRIORITY&dir=ASC',
    );
    expect(filtersFromSearchParams(params)).toEqual(filters);
    expect(filtersToSearchParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('ignores unknown statuses and sort fields in the URL', () => {
    const filters = filtersFromSearchParams(new URLSearchParams('status=BOGUS&status=DONE&sort=NOPE'));

    expect(filters.statuses).toEqual(['DONE']);
    expect(filters.orderField).toBe('CREATED_AT');
  });

  it('builds the query variables', () => {
    expect(ticketQueryVariables({ ...DEFAULT_FILTERS, unclaimed: true, search: '  stampante ' })).toEqual({
      filter: { open: true, unclaimed: true, search: 'stampante' },
      orderBy: { field: 'CREATED_AT', direction: 'DESC' },
    });
  });

  it('refreshes for events on visible tickets or matching the filters', () => {
    const visible = ['t1'];
    const mineOpen = { ...DEFAULT_FILTERS, mine: true };

    expect(eventConcernsList(event({ status: 'DONE' }), DEFAULT_FILTERS, visible, 'me')).toBe(true);
    expect(eventConcernsList(event({ ticketId: 't2', status: 'DONE' }), DEFAULT_FILTERS, visible, 'me')).toBe(false);
    expect(eventConcernsList(event({ ticketId: 't2', claimedById: 'me' }), mineOpen, visible, 'me')).toBe(true);
    expect(eventConcernsList(event({ ticketId: 't2', claimedById: 'other' }), mineOpen, visible, 'me')).toBe(false);
    expect(eventConcernsList(event({ ticketId: 't2' }), { ...DEFAULT_FILTERS, queueId: 'q2' }, visible, 'me')).toBe(
      false,
    );
  });
});
