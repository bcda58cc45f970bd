import type { Client } from '@urql/svelte';
import { apiError, type ApiError } from '$lib/tickets/errors';
import { PortalTicketsQuery, type PortalTicketRow } from './documents';

const PAGE_SIZE = 25;

/** The customer's tickets (the API gives only their organisation's), most recently changed first, page by page. */
export class PortalTicketsState {
  tickets = $state.raw<PortalTicketRow[]>([]);
  loading = $state(true);
  error = $state.raw<ApiError | undefined>();
  hasMore = $state(false);
  #cursor: string | null = null;
  #client: Client;

  constructor(client: Client) {
    this.#client = client;
  }

  async load() {
    this.#cursor = null;
    await this.#fetch(false);
  }

  async more() {
    if (this.hasMore && !this.loading) await this.#fetch(true);
  }

  async #fetch(append: boolean) {
    this.loading = true;
    const result = await this.#client
      .query(PortalTicketsQuery, { first: PAGE_SIZE, after: this.#cursor }, { requestPolicy: 'network-only' })
      .toPromise();
    this.loading = false;
    this.error = apiError(result.error);
    const page = result.data?.tickets;
    if (!page) return;
    const rows = page.edges.map((edge) => edge.node);
    this.tickets = append ? [...this.tickets, ...rows] : rows;
    this.hasMore = page.pageInfo.hasNextPage;
    this.#cursor = page.pageInfo.endCursor ?? null;
  }
}
