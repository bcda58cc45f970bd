import type { Client } from '@urql/svelte';
import type { VariablesOf } from '$lib/graphql/graphql';
import { rateTicket } from '$lib/survey/rating';
import {
  AddNoteMutation,
  AddReminderMutation,
  ClaimTicketMutation,
  CompleteReminderMutation,
  ReleaseTicketMutation,
  TicketEditOptionsQuery,
  TicketQuery,
  TicketUpdatedSubscription,
  TransitionTicketMutation,
  UpdateTicketMutation,
  type TicketDetailData,
  type TicketEditOptionsData,
} from './documents';
import { apiError, type ApiError } from './errors';
import type { TicketChanges } from './ticket-edit-form.svelte';
import { sendMultipart } from './upload';

export type TransitionInput = VariablesOf<typeof TransitionTicketMutation>['input'];
export type NoteVisibility = 'INTERNAL' | 'PUBLIC';

/** One ticket, kept live through `ticketUpdated`, and everything an operator does on it. */
export class TicketPageState {
  ticket = $state<TicketDetailData | undefined>();
  loading = $state(true);
  error = $state<ApiError | undefined>();

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
    const result = await this.#client.query(TicketQuery, { code }, { requestPolicy: 'network-only' }).toPromise();
    if (code !== this.#code) return;
    this.loading = false;
    this.error = apiError(result.error);
    if (result.data) this.ticket = result.data.ticket;
  }

  /** Follows the ticket live: the server sends its state first, then again after every change. */
  listen(code: string) {
    this.#unsubscribe?.();
    const { unsubscribe } = this.#client.subscription(TicketUpdatedSubscription, { code }).subscribe((result) => {
      if (result.data && code === this.#code) this.ticket = result.data.ticketUpdated;
    });
    this.#unsubscribe = unsubscribe;
  }

  dispose() {
    this.#unsubscribe?.();
  }

  async claim(): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const { id, version } = this.ticket;
    const result = await this.#client.mutation(ClaimTicketMutation, { id, version }).toPromise();
    if (result.data) this.ticket = result.data.claimTicket;
    return apiError(result.error);
  }

  async release(): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const { id, version } = this.ticket;
    const result = await this.#client.mutation(ReleaseTicketMutation, { id, version }).toPromise();
    if (result.data) this.ticket = result.data.releaseTicket;
    return apiError(result.error);
  }

  async transition(input: Omit<TransitionInput, 'version'>): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const { id, version } = this.ticket;
    const result = await this.#client
      .mutation(TransitionTicketMutation, { id, input: { ...input, version } })
      .toPromise();
    if (result.data) this.ticket = result.data.transitionTicket;
    return apiError(result.error);
  }

  /** What the details may be changed to (queues, categories, staff), read afresh each time the editor opens. */
  async editOptions(): Promise<TicketEditOptionsData | undefined> {
    const result = await this.#client.query(TicketEditOptionsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    return result.data;
  }

  async update(changes: TicketChanges): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const { id, version } = this.ticket;
    const result = await this.#client
      .mutation(UpdateTicketMutation, { id, input: { ...changes, version } })
      .toPromise();
    if (result.data) this.ticket = result.data.updateTicket;
    return apiError(result.error);
  }

  /** Records the customer's rating given to the operator (by phone, say), on a closed ticket. */
  async rate(score: number, comment: string): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const error = await rateTicket(this.#client, this.ticket.id, score, comment);
    // Rated or not, the ticket now says how it stands (a rating given meanwhile, by the survey, closes the form).
    await this.load(this.#code);
    return error;
  }

  async addNote(visibility: NoteVisibility, body: string, files: File[]): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const input = { ticketId: this.ticket.id, visibility, body };
    const error =
      files.length === 0
        ? apiError((await this.#client.mutation(AddNoteMutation, { input }).toPromise()).error)
        : (
            await sendMultipart(
              AddNoteMutation,
              { input: { ...input, attachments: files.map(() => null) } },
              files.map((file, index) => ({ path: `variables.input.attachments.${index}`, file })),
            )
          ).error;
    if (!error) await this.load(this.#code);
    return error;
  }

  async addReminder(text: string, dueAt: string): Promise<ApiError | undefined> {
    if (!this.ticket) return;
    const result = await this.#client
      .mutation(AddReminderMutation, { ticketId: this.ticket.id, text, dueAt })
      .toPromise();
    if (!result.error) await this.load(this.#code);
    return apiError(result.error);
  }

  async completeReminder(id: string): Promise<ApiError | undefined> {
    const result = await this.#client.mutation(CompleteReminderMutation, { id }).toPromise();
    if (!result.error) await this.load(this.#code);
    return apiError(result.error);
  }
}
