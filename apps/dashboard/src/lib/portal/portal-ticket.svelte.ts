import type { Client } from '@urql/svelte';
import { canRate, rateTicket } from '$lib/survey/rating';
import { apiError, type ApiError } from '$lib/tickets/errors';
import { replyToTicket } from './api';
import { PortalTicketQuery, PortalTicketUpdatedSubscription, type PortalTicketData } from './documents';

/** One of the customer's tickets in the portal, kept live, with the customer's reply and rating. */
export class PortalTicketState {
  ticket = $state.raw<PortalTicketData | undefined>();
  loading = $state(true);
  error = $state.raw<ApiError | undefined>();
  readonly rateable = $derived(this.ticket !== undefined && canRate(this.ticket));

  #client: Client;
  #code = '';
  #unsubscribe: (() => void) | undefined;

  constructor(client: Client) {
    this.#client = client;
  }

  async load(code: string) {
    if (code !== this.#code) this.ticket = undefined;
    this.#code = code;
    this.loading = true;
    const result = await this.#client.query(PortalTicketQuery, { code }, { requestPolicy: 'network-only' }).toPromise();
    if (code !== this.#code) return;
    this.loading = false;
    this.error = apiError(result.error);
    this.ticket = result.data?.ticket ?? undefined;
  }

  /** Follows the ticket live: the team's public answers and status changes show without a reload. */
  listen(code: string) {
    this.#unsubscribe?.();
    const { unsubscribe } = this.#client.subscription(PortalTicketUpdatedSubscription, { code }).subscribe((result) => {
      if (result.data && code === this.#code) this.ticket = result.data.ticketUpdated;
    });
    this.#unsubscribe = unsubscribe;
  }

  dispose() {
    this.#unsubscribe?.();
  }

  async reply(body: string, files: File[]): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const error = await replyToTicket(this.#client, this.ticket.id, body, files);
    if (!error) await this.load(this.#code);
    return error;
  }

  async rate(score: number, comment: string): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const error = await rateTicket(this.#client, this.ticket.id, score, comment);
    // Rated or not, the ticket now says how it stands (a rating given meanwhile closes the form too).
    await this.load(this.#code);
    return error;
  }
}
