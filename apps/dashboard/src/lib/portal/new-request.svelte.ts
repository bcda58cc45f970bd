import type { ApiError } from '$lib/tickets/errors';
import type { CreateRequestInput } from './api';

/** The same limits as the API's CreateTicketInput, checked before sending so that the form can say what is wrong. */
export const REQUEST_LIMITS = {
  subject: { min: 3, max: 200 },
  placeAndWhat: { min: 3, max: 300 },
  description: { min: 10, max: 20_000 },
} as const;

export type RequestField = 'queueId' | keyof typeof REQUEST_LIMITS | 'acceptPaidIntervention' | 'attachments';

/** What is wrong with a field: a message key of the portal catalog with its values, or the API's own message. */
export type FieldProblem =
  { key: 'required' | 'tooShort' | 'tooLong' | 'mustAccept'; values?: Record<string, number> } | { message: string };

export const REQUEST_FIELDS: RequestField[] = [
  'queueId',
  'subject',
  'placeAndWhat',
  'description',
  'attachments',
  'acceptPaidIntervention',
];

type Send = (input: CreateRequestInput, files: File[]) => Promise<{ code?: string; error?: ApiError }>;

/**
 * The "Invia richiesta" form. A customer whose organisation has no active contract must accept the paid
 * intervention before the request can go: until then the form refuses to send and says why.
 */
export class NewRequestState {
  queueId = $state('');
  subject = $state('');
  placeAndWhat = $state('');
  description = $state('');
  requestedPriority = $state(0);
  files = $state<File[]>([]);
  acceptPaidIntervention = $state(false);
  /** No active contract: the assistance is a paid intervention, to be accepted. */
  paidRequired = $state(false);
  /** Set by the first attempt to send: from then on the form shows what is missing. */
  attempted = $state(false);
  sending = $state(false);
  error = $state.raw<ApiError | undefined>();
  #serverProblems = $state<Partial<Record<RequestField, FieldProblem>>>({});

  /** Whether the paid intervention still holds the request back. */
  readonly awaitingAcceptance = $derived(this.paidRequired && !this.acceptPaidIntervention);

  readonly localProblems = $derived.by(() => {
    const problems: Partial<Record<RequestField, FieldProblem>> = {};
    if (!this.queueId) problems.queueId = { key: 'required' };
    for (const field of ['subject', 'placeAndWhat', 'description'] as const) {
      const length = this[field].trim().length;
      const { min, max } = REQUEST_LIMITS[field];
      if (length === 0) problems[field] = { key: 'required' };
      else if (length < min) problems[field] = { key: 'tooShort', values: { min } };
      else if (length > max) problems[field] = { key: 'tooLong', values: { max } };
    }
    if (this.awaitingAcceptance) problems.acceptPaidIntervention = { key: 'mustAccept' };
    return problems;
  });

  /** What to show beside each field: the local checks once the customer tried to send, then the API's. */
  readonly problems = $derived.by(() => ({
    ...(this.attempted ? this.localProblems : {}),
    ...this.#serverProblems,
  }));

  /** The first field with a problem, in the order of the form (to move the focus there). */
  readonly firstProblem = $derived(REQUEST_FIELDS.find((field) => this.problems[field]));

  input(): CreateRequestInput {
    return {
      queueId: this.queueId,
      subject: this.subject.trim(),
      placeAndWhat: this.placeAndWhat.trim(),
      description: this.description.trim(),
      requestedPriority: this.requestedPriority,
      ...(this.paidRequired ? { acceptPaidIntervention: this.acceptPaidIntervention } : {}),
    };
  }

  /** Changing a field clears what the API said about it. */
  touched(field: RequestField) {
    if (this.#serverProblems[field]) {
      const { [field]: _cleared, ...rest } = this.#serverProblems;
      this.#serverProblems = rest;
    }
  }

  /** Sends the request when the form is complete; resolves to the new ticket's code, or undefined. */
  async submit(send: Send): Promise<string | undefined> {
    this.attempted = true;
    this.error = undefined;
    this.#serverProblems = {};
    if (Object.keys(this.localProblems).length > 0 || this.sending) return undefined;
    this.sending = true;
    try {
      const { code, error } = await send(this.input(), this.files);
      if (error) {
        this.error = error;
        this.#serverProblems = issuesByField(error);
        return undefined;
      }
      return code;
    } finally {
      this.sending = false;
    }
  }
}

/** The API's VALIDATION issues, by form field (`attachments.2` is the attachments field). */
export function issuesByField(error: ApiError): Partial<Record<RequestField, FieldProblem>> {
  const issues = error.extensions.issues;
  if (error.code !== 'VALIDATION' || !Array.isArray(issues)) return {};
  const problems: Partial<Record<RequestField, FieldProblem>> = {};
  for (const issue of issues as { field?: string; message?: string }[]) {
    const field = issue.field?.replace(/^input\./, '').split('.')[0] as RequestField | undefined;
    if (field && REQUEST_FIELDS.includes(field) && !problems[field]) {
      problems[field] = field === 'acceptPaidIntervention' ? { key: 'mustAccept' } : { message: issue.message ?? '' };
    }
  }
  return problems;
}
