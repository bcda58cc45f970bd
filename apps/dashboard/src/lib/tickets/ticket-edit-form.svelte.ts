import { changedFields, withCurrent } from '$lib/form-values';
import type { VariablesOf } from '$lib/graphql/graphql';
import type { TicketDetailData, TicketEditOptionsData, UpdateTicketMutation } from './documents';

export type TicketChanges = Omit<VariablesOf<typeof UpdateTicketMutation>['input'], 'version'>;
type Option = { id: string; name: string };
export type EditField = 'subject' | 'placeAndWhat' | 'description' | 'paidAgreedBy';

const STAFF_ROLES = new Set(['OPERATOR', 'SUPERVISOR', 'ADMIN']);

/**
 * A ticket's details as the operator edits them: what the responsible operator assesses (priority, queue and
 * category, the technician), the request's own text, and the customer's agreement to a paid intervention.
 * `changes()` holds only what differs from the ticket, so that saving never writes back a field someone else
 * changed meanwhile (and the API's version check refuses a save over a newer ticket anyway).
 */
export class TicketEditForm {
  subject = $state('');
  placeAndWhat = $state('');
  description = $state('');
  queueId = $state('');
  /** '' for none. */
  categoryId = $state('');
  requestedPriority = $state(0);
  /** '' while not assessed. */
  assessedPriority = $state('');
  /** '' for nobody. */
  assigneeId = $state('');
  paidAgreedBy = $state('');
  errors = $state<Partial<Record<EditField, string>>>({});

  readonly #ticket: TicketDetailData;
  readonly #options: TicketEditOptionsData;

  constructor(ticket: TicketDetailData, options: TicketEditOptionsData) {
    this.#ticket = ticket;
    this.#options = options;
    this.subject = ticket.subject;
    this.placeAndWhat = ticket.placeAndWhat;
    this.description = ticket.description;
    this.queueId = ticket.queue.id;
    this.categoryId = ticket.category?.id ?? '';
    this.requestedPriority = ticket.requestedPriority;
    this.assessedPriority = ticket.assessedPriority == null ? '' : String(ticket.assessedPriority);
    this.assigneeId = ticket.assignee?.id ?? '';
    this.paidAgreedBy = ticket.paidAgreedBy ?? '';
  }

  get queues(): Option[] {
    return withCurrent(this.#options.queues, this.#ticket.queue);
  }

  /** The categories of the chosen queue (the ticket's own stays offered while its queue is kept). */
  get categories(): Option[] {
    const queue = this.#options.queues.find((item) => item.id === this.queueId);
    const categories = queue?.categories ?? [];
    return this.queueId === this.#ticket.queue.id ? withCurrent(categories, this.#ticket.category) : categories;
  }

  get staff(): Option[] {
    const staff = this.#options.users.filter((user) => STAFF_ROLES.has(user.role));
    return withCurrent(staff, this.#ticket.assignee).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether the customer's agreement to pay is asked for (a customer without an active contract). */
  get paidAgreementAsked(): boolean {
    return this.#ticket.paidIntervention;
  }

  chooseQueue(queueId: string) {
    if (queueId !== this.queueId) this.categoryId = '';
    this.queueId = queueId;
  }

  /** Mirrors the API's rules, so that mistakes show at once beside their field; true when there are none. */
  validate(): boolean {
    const errors: Partial<Record<EditField, string>> = {};
    const len = (value: string) => value.trim().length;
    if (len(this.subject) < 3) errors.subject = 'ticketEdit.errors.subject';
    if (len(this.placeAndWhat) < 3) errors.placeAndWhat = 'ticketEdit.errors.placeAndWhat';
    if (len(this.description) < 10) errors.description = 'ticketEdit.errors.description';
    // An agreement once given is not taken back here: the API keeps it unless a new name replaces it.
    if (this.paidAgreementAsked && len(this.paidAgreedBy) === 1) errors.paidAgreedBy = 'ticketEdit.errors.paidAgreedBy';
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }

  changes(): TicketChanges {
    const ticket = this.#ticket;
    const changes: TicketChanges = changedFields<Omit<TicketChanges, 'paidAgreedBy'>>(
      {
        subject: ticket.subject,
        placeAndWhat: ticket.placeAndWhat,
        description: ticket.description,
        queueId: ticket.queue.id,
        categoryId: ticket.category?.id ?? null,
        requestedPriority: ticket.requestedPriority,
        assessedPriority: ticket.assessedPriority ?? null,
        assigneeId: ticket.assignee?.id ?? null,
      },
      {
        subject: this.subject.trim(),
        placeAndWhat: this.placeAndWhat.trim(),
        description: this.description.trim(),
        queueId: this.queueId,
        categoryId: this.categoryId || null,
        requestedPriority: Number(this.requestedPriority),
        assessedPriority: this.assessedPriority === '' ? null : Number(this.assessedPriority),
        assigneeId: this.assigneeId || null,
      },
    );
    // An agreement is recorded, never taken back: only a new name where one is asked for.
    const paidAgreedBy = this.paidAgreedBy.trim();
    if (this.paidAgreementAsked && paidAgreedBy && paidAgreedBy !== (ticket.paidAgreedBy ?? '')) {
      changes.paidAgreedBy = paidAgreedBy;
    }
    return changes;
  }
}
