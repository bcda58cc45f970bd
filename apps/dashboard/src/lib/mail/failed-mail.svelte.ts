import type { Client } from '@urql/svelte';
import { CursorList } from '$lib/graphql/cursor-list.svelte';
import { apiError, type ApiError } from '$lib/tickets/errors';
import { FailedMailsQuery, RetryInboundMailMutation, type FailedMail } from './documents';

const PAGE_SIZE = 25;

/** The outcome of the last retry, for the message it was about. */
export interface RetryOutcome {
  mailId: string;
  /** PROCESSED: it became a ticket or a note; FAILED: it failed again; ERROR: the API refused the retry. */
  result: 'PROCESSED' | 'FAILED' | 'ERROR';
  ticketCode?: string;
  error?: ApiError;
}

/**
 * Received mail that could not be processed: kept by the API with its bytes and error, listed here for staff, who
 * can process a message again once its cause is fixed (a retried message that succeeds leaves the list).
 */
export class FailedMailList extends CursorList<FailedMail> {
  retrying = $state<string | null>(null);
  lastRetry = $state<RetryOutcome | null>(null);

  #client: Pick<Client, 'query' | 'mutation'>;

  constructor(client: Pick<Client, 'query' | 'mutation'>) {
    super(async (after) => {
      const variables = after ? { first: PAGE_SIZE, after } : { first: PAGE_SIZE };
      const result = await client.query(FailedMailsQuery, variables, { requestPolicy: 'network-only' }).toPromise();
      return { connection: result.data?.inboundMails, error: result.error };
    });
    this.#client = client;
  }

  async retry(mailId: string) {
    if (this.retrying) return;
    this.retrying = mailId;
    const result = await this.#client.mutation(RetryInboundMailMutation, { id: mailId }).toPromise();
    this.retrying = null;
    const retried = result.data?.retryInboundMail;
    if (!retried) {
      this.lastRetry = { mailId, result: 'ERROR', error: apiError(result.error) };
      return;
    }
    if (retried.outcome === 'FAILED') {
      this.items = this.items.map((item) => (item.id === mailId ? retried : item));
      this.lastRetry = { mailId, result: 'FAILED' };
      return;
    }
    this.items = this.items.filter((item) => item.id !== mailId);
    this.lastRetry = { mailId, result: 'PROCESSED', ...(retried.ticket ? { ticketCode: retried.ticket.code } : {}) };
  }
}
