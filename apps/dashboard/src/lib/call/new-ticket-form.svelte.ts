import type { VariablesOf } from '$lib/graphql/graphql';
import type { CreateTicket, CustomerData } from './documents.ts';

type CreateTicketInput = VariablesOf<typeof CreateTicket>['input'];

/** The fields the form shows; errors are keyed by these names, as are the API's VALIDATION issues. */
export type TicketField =
  | 'queueId'
  | 'categoryId'
  | 'customerId'
  | 'paidAgreedBy'
  | 'requestedPriority'
  | 'placeAndWhat'
  | 'subject'
  | 'description'
  | 'solution';

/**
 * What the operator types while on the phone. `validate()` mirrors the API's rules (so mistakes show at once, next
 * to their field, in the operator's language); the API's own VALIDATION issues land in `serverErrors`.
 */
export class NewTicketForm {
  queueId = $state('');
  categoryId = $state('');
  customer = $state<CustomerData | null>(null);
  contactId = $state<string | null>(null);
  paidAgreedBy = $state('');
  requestedPriority = $state(0);
  placeAndWhat = $state('');
  subject = $state('');
  description = $state('');
  solvedDuringCall = $state(false);
  solution = $state('');
  endCallAfter = $state(true);

  /** i18n keys of the client-side errors, per field. */
  errors = $state<Partial<Record<TicketField, string>>>({});
  /** Messages from the API, per field. */
  serverErrors = $state<Partial<Record<string, string>>>({});

  paidRequired = $derived(this.customer?.paidInterventionRequired ?? false);

  selectCustomer(customer: CustomerData | null, contactId: string | null = null) {
    this.customer = customer;
    this.contactId = contactId;
    if (!customer?.paidInterventionRequired) this.paidAgreedBy = '';
  }

  validate() {
    const errors: Partial<Record<TicketField, string>> = {};
    const len = (value: string) => value.trim().length;
    if (!this.queueId) errors.queueId = 'call.form.errors.queue';
    if (this.paidRequired && len(this.paidAgreedBy) < 2) errors.paidAgreedBy = 'call.contract.errors.agreedBy';
    if (len(this.placeAndWhat) < 3) errors.placeAndWhat = 'call.form.errors.placeAndWhat';
    if (len(this.subject) < 3) errors.subject = 'call.form.errors.subject';
    if (len(this.description) < 10) errors.description = 'call.form.errors.description';
    if (this.solvedDuringCall && len(this.solution) < 10) errors.solution = 'call.form.errors.solution';
    this.errors = errors;
    this.serverErrors = {};
    return Object.keys(errors).length === 0;
  }

  /** The first field with an error, in the order the form shows them (to move the focus there). */
  get firstInvalid(): string | undefined {
    const order: string[] = [
      'customerId',
      'paidAgreedBy',
      'queueId',
      'categoryId',
      'requestedPriority',
      'placeAndWhat',
      'subject',
      'description',
      'solution',
    ];
    return order.find((field) => field in this.errors || field in this.serverErrors);
  }

  toInput(callId: string | null): CreateTicketInput {
    return {
      queueId: this.queueId,
      categoryId: this.categoryId || null,
      customerId: this.customer?.id ?? null,
      contactId: this.contactId,
      channel: 'PHONE',
      subject: this.subject.trim(),
      placeAndWhat: this.placeAndWhat.trim(),
      description: this.description.trim(),
      requestedPriority: this.requestedPriority,
      paidAgreedBy: this.paidRequired ? this.paidAgreedBy.trim() : null,
      callId,
      solution: this.solvedDuringCall ? this.solution.trim() : null,
    };
  }
}
