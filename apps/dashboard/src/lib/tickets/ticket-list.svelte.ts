import type { Client } from '@urql/svelte';
import { TicketEventsSubscription, TicketsQuery, type TicketRowData } from './documents';
import { eventConcernsList, ticketQueryVariables, type TicketListFilters, type TicketStatus } from './filters';

export const PAGE_SIZE = 25;
const REFRESH_DELAY_MS = 400;

/**
 * The ticket list: the loaded pages, "load more", and live refreshes. Live events only say that something changed,
 * so the list is re-queried (debounced) when an event concerns a visible ticket or may match the filters.
 */
export class TicketListState {
  rows = $state<TicketRowData[]>([]);
  hasNextPage = $state(false);
  loading = $state(false);
  loadingMore = $state(false);
  failed = $state(false);
  /** Increments after each live refresh, for a polite announcement. */
  liveRefreshes = $state(0);

  #client: Client;
  #filters: TicketListFilters | undefined;
  #endCursor: string | null = null;
  #request = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(client: Client) {
    this.#client = client;
  }

  /** Loads the first page for these filters, replacing what is shown. */
  async load(filters: TicketListFilters) {
    this.#filters = filters;
    this.loading = true;
    await this.#fetch(PAGE_SIZE);
    this.loading = false;
  }

  /** Reloads as many tickets as are shown, e.g. after a live event or a reconnection. */
  async refresh() {
    if (!this.#filters) return;
    await this.#fetch(Math.max(PAGE_SIZE, this.rows.length));
    this.liveRefreshes += 1;
  }

  async loadMore() {
    if (!this.#filters || !this.hasNextPage || this.loadingMore) return;
    this.loadingMore = true;
    const request = this.#request;
    const result = await this.#client
      .query(
        TicketsQuery,
        { ...ticketQueryVariables(this.#filters), first: PAGE_SIZE, after: this.#endCursor },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    this.loadingMore = false;
    if (request !== this.#request || !result.data) return;
    const known = this.rows.map((row) => row.id);
    const connection = result.data.tickets;
    this.rows = [...this.rows, ...connection.edges.map((edge) => edge.node).filter((node) => !known.includes(node.id))];
    this.hasNextPage = connection.pageInfo.hasNextPage;
    this.#endCursor = connection.pageInfo.endCursor ?? null;
  }

  /** Listens to every ticket event and refreshes the list when one concerns it. */
  listen(myUserId: () => string | undefined) {
    this.#unsubscribe?.();
    const { unsubscribe } = this.#client.subscription(TicketEventsSubscription, {}).subscribe((result) => {
      const event = result.data?.ticketEvents;
      if (!event || !this.#filters) return;
      const visible = this.rows.map((row) => row.id);
      const summary = {
        ticketId: event.ticket.id,
        status: event.ticket.status as TicketStatus,
        queueId: event.ticket.queue.id,
        claimedById: event.ticket.claimedBy?.id ?? null,
      };
      if (eventConcernsList(summary, this.#filters, visible, myUserId())) this.scheduleRefresh();
    });
    this.#unsubscribe = unsubscribe;
  }

  scheduleRefresh() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  dispose() {
    clearTimeout(this.#refreshTimer);
    this.#unsubscribe?.();
  }

  async #fetch(count: number) {
    const filters = this.#filters;
    if (!filters) return;
    const request = ++this.#request;
    const result = await this.#client
      .query(TicketsQuery, { ...ticketQueryVariables(filters), first: count }, { requestPolicy: 'network-only' })
      .toPromise();
    if (request !== this.#request) return;
    this.failed = !result.data;
    if (!result.data) return;
    const connection = result.data.tickets;
    this.rows = connection.edges.map((edge) => edge.node);
    this.hasNextPage = connection.pageInfo.hasNextPage;
    this.#endCursor = connection.pageInfo.endCursor ?? null;
  }
}
