/**
 * Ticket lifecycle: the statuses a ticket goes through, the moves allowed between them and what
 * each move requires. Plain TypeScript with no dependencies: the server enforces it, the GraphQL
 * layer and the dashboard import it.
 *
 *   NEW               → AWAITING_INPUT, DONE, CANCELLED
 *   AWAITING_INPUT    → REQUEST_SENT, IN_PROGRESS, DONE, CHANGES_REQUESTED, CANCELLED
 *   REQUEST_SENT      → AWAITING_INPUT, IN_PROGRESS, RESCHEDULED, CANCELLED
 *   IN_PROGRESS       → DONE, RESCHEDULED, CHANGES_REQUESTED, SUSPENDED, CANCELLED, COMPLAINT
 *   DONE              → AWAITING_INPUT, COMPLAINT
 *   RESCHEDULED       → IN_PROGRESS, SUSPENDED, CANCELLED
 *   CHANGES_REQUESTED → AWAITING_INPUT, IN_PROGRESS, CANCELLED
 *   SUSPENDED         → AWAITING_INPUT, IN_PROGRESS, CANCELLED
 *   CANCELLED         → AWAITING_INPUT
 *   COMPLAINT         → IN_PROGRESS, DONE, CANCELLED
 *
 * Why:
 * - A call can settle a ticket at once: NEW → DONE (solved during the call) or NEW → CANCELLED
 *   (duplicate, spam, withdrawn).
 * - Every open status can be cancelled, with a reason.
 * - DONE always comes with a written solution, so the next person with the same problem finds it.
 * - A closed ticket is never edited back silently: it is reopened to AWAITING_INPUT with a reason,
 *   or (DONE only) contested by the customer with a COMPLAINT.
 * - What changes the plan is written down: the reason to cancel or reopen, the complaint, the
 *   changes asked for, the new date.
 * - No self transitions: "moving" to the current status would record a change that changed nothing.
 */

/** In the order the team lists them; matches the Prisma enum `TicketStatus`. */
export const TICKET_STATUSES = [
  'NEW', // Nuovo
  'AWAITING_INPUT', // In attesa di input: taken in charge, being evaluated
  'REQUEST_SENT', // Richiesta inviata: an intervention request was sent
  'IN_PROGRESS', // In esecuzione: intervention under way or scheduled
  'DONE', // Terminato
  'RESCHEDULED', // Nuova data: intervention moved to a new date
  'CHANGES_REQUESTED', // Richiesta modifiche: the initial request needs changes
  'SUSPENDED', // Sospeso: postponed because other priorities prevailed
  'CANCELLED', // Annullato
  'COMPLAINT', // Reclamo: the customer contests the intervention done
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const CLOSED_TICKET_STATUSES: readonly TicketStatus[] = Object.freeze(['DONE', 'CANCELLED']);

export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = Object.freeze(
  TICKET_STATUSES.filter((status) => !CLOSED_TICKET_STATUSES.includes(status)),
);

/** Maximum length of every text a transition takes (solution, note). */
export const TEXT_MAX_LENGTH = 10_000;
export const SOLUTION_MIN_LENGTH = 10;
/** Minimum length of a required note (reason, complaint, changes). */
export const NOTE_MIN_LENGTH = 5;

export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

/**
 * Work on a ticket (sending the request, carrying it out, closing it as done) waits for the customer's agreement
 * to pay when they have no contract.
 */
export const STATUSES_NEEDING_PAID_AGREEMENT: readonly TicketStatus[] = Object.freeze([
  'REQUEST_SENT',
  'IN_PROGRESS',
  'DONE',
]);

export function isClosedStatus(status: TicketStatus): boolean {
  return CLOSED_TICKET_STATUSES.includes(status);
}

export function isOpenStatus(status: TicketStatus): boolean {
  return !isClosedStatus(status);
}

/** Targets of each status, in TICKET_STATUSES order. */
const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = Object.freeze({
  NEW: Object.freeze(['AWAITING_INPUT', 'DONE', 'CANCELLED']),
  AWAITING_INPUT: Object.freeze(['REQUEST_SENT', 'IN_PROGRESS', 'DONE', 'CHANGES_REQUESTED', 'CANCELLED']),
  REQUEST_SENT: Object.freeze(['AWAITING_INPUT', 'IN_PROGRESS', 'RESCHEDULED', 'CANCELLED']),
  IN_PROGRESS: Object.freeze(['DONE', 'RESCHEDULED', 'CHANGES_REQUESTED', 'SUSPENDED', 'CANCELLED', 'COMPLAINT']),
  DONE: Object.freeze(['AWAITING_INPUT', 'COMPLAINT']),
  RESCHEDULED: Object.freeze(['IN_PROGRESS', 'SUSPENDED', 'CANCELLED']),
  CHANGES_REQUESTED: Object.freeze(['AWAITING_INPUT', 'IN_PROGRESS', 'CANCELLED']),
  SUSPENDED: Object.freeze(['AWAITING_INPUT', 'IN_PROGRESS', 'CANCELLED']),
  CANCELLED: Object.freeze(['AWAITING_INPUT']),
  COMPLAINT: Object.freeze(['IN_PROGRESS', 'DONE', 'CANCELLED']),
} satisfies Record<TicketStatus, readonly TicketStatus[]>);

/** The statuses a ticket in `from` may move to, in TICKET_STATUSES order. */
export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** DONE → AWAITING_INPUT or CANCELLED → AWAITING_INPUT: a closed ticket is opened again. */
export function isReopening(from: TicketStatus, to: TicketStatus): boolean {
  return isClosedStatus(from) && to === 'AWAITING_INPUT' && canTransition(from, to);
}

// ---------------------------------------------------------------------------------------------
// What a transition requires
// ---------------------------------------------------------------------------------------------

/** Every field a transition can take. `null` counts as absent (GraphQL sends it for omitted args). */
export interface TransitionInput {
  /** How the problem was solved (moving to DONE). */
  solution?: string | null;
  /** Reason, complaint details or requested changes, depending on the target. */
  note?: string | null;
  /** New date (RESCHEDULED) or planned date (IN_PROGRESS). */
  scheduledAt?: Date | null;
}

/** The input after validation: only the fields the transition uses, strings trimmed. */
export interface TransitionValues {
  solution?: string;
  note?: string;
  scheduledAt?: Date;
}

export type TransitionField = keyof TransitionInput;

export interface TextRequirement {
  readonly required: boolean;
  /** Counted after trimming. */
  readonly minLength: number;
  readonly maxLength: number;
}

export interface DateRequirement {
  readonly required: boolean;
  /** The date must be strictly after `now`. */
  readonly mustBeAfterNow: boolean;
}

/** A field that is absent here is not used by the transition, and sending it is an error. */
export interface TransitionRequirements {
  readonly solution?: TextRequirement;
  readonly note?: TextRequirement;
  readonly scheduledAt?: DateRequirement;
}

interface TextRule extends TextRequirement {
  /** How messages name the text, e.g. "The reason". */
  readonly noun: string;
  /** Shown when a required text is missing or blank. */
  readonly missing?: string;
}

interface DateRule extends DateRequirement {
  readonly noun: string;
  readonly missing?: string;
}

interface Rules {
  readonly solution?: TextRule;
  readonly note?: TextRule;
  readonly scheduledAt?: DateRule;
}

function requiredNote(noun: string, missing: string): TextRule {
  return { required: true, minLength: NOTE_MIN_LENGTH, maxLength: TEXT_MAX_LENGTH, noun, missing };
}

const NO_FIELDS: Rules = {};

/** What moving to a status requires, whatever the origin (reopening aside, see rulesOf). */
const RULES_BY_TARGET: Readonly<Record<TicketStatus, Rules>> = {
  NEW: NO_FIELDS, // no transition leads here
  AWAITING_INPUT: NO_FIELDS,
  REQUEST_SENT: NO_FIELDS,
  IN_PROGRESS: { scheduledAt: { required: false, mustBeAfterNow: false, noun: 'The scheduled date' } },
  DONE: {
    solution: {
      required: true,
      minLength: SOLUTION_MIN_LENGTH,
      maxLength: TEXT_MAX_LENGTH,
      noun: 'The solution',
      missing: 'A solution is required to mark a ticket as done',
    },
  },
  RESCHEDULED: {
    scheduledAt: {
      required: true,
      mustBeAfterNow: true,
      noun: 'The new date',
      missing: 'A new date is required to reschedule a ticket',
    },
  },
  CHANGES_REQUESTED: {
    note: requiredNote('The description of the changes', 'A description of the changes is required'),
  },
  SUSPENDED: { note: { required: false, minLength: 1, maxLength: TEXT_MAX_LENGTH, noun: 'The note' } },
  CANCELLED: { note: requiredNote('The reason', 'A reason is required to cancel a ticket') },
  COMPLAINT: { note: requiredNote('The complaint', 'Details are required to file a complaint') },
};

const REOPEN_RULES: Rules = {
  note: requiredNote('The reason', 'A reason is required to reopen a ticket'),
};

function rulesOf(from: TicketStatus, to: TicketStatus): Rules {
  return isReopening(from, to) ? REOPEN_RULES : RULES_BY_TARGET[to];
}

function publicRequirements(rules: Rules): TransitionRequirements {
  const requirements: {
    solution?: TextRequirement;
    note?: TextRequirement;
    scheduledAt?: DateRequirement;
  } = {};
  for (const field of ['solution', 'note'] as const) {
    const rule = rules[field];
    if (rule) {
      const { required, minLength, maxLength } = rule;
      requirements[field] = Object.freeze({ required, minLength, maxLength });
    }
  }
  if (rules.scheduledAt) {
    const { required, mustBeAfterNow } = rules.scheduledAt;
    requirements.scheduledAt = Object.freeze({ required, mustBeAfterNow });
  }
  return Object.freeze(requirements);
}

/**
 * Which fields moving from `from` to `to` uses, and their constraints (for building the dialog).
 * `null` when the transition is not allowed.
 */
export function requirementsOf(from: TicketStatus, to: TicketStatus): TransitionRequirements | null {
  return canTransition(from, to) ? publicRequirements(rulesOf(from, to)) : null;
}

// ---------------------------------------------------------------------------------------------
// Checking a transition
// ---------------------------------------------------------------------------------------------

export interface ValidationIssue {
  field: TransitionField;
  message: string;
}

export type TransitionError =
  | { code: 'INVALID_TRANSITION'; from: TicketStatus; to: TicketStatus; allowed: TicketStatus[] }
  | { code: 'VALIDATION'; issues: ValidationIssue[] };

export type TransitionCheck = { ok: true; value: TransitionValues } | { ok: false; error: TransitionError };

const formatCount = (count: number): string => count.toLocaleString('en-US');

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function unusedMessage(field: TransitionField, from: TicketStatus, to: TicketStatus): string {
  switch (field) {
    case 'solution':
      return 'solution is only used when moving to DONE';
    case 'scheduledAt':
      return 'scheduledAt is only used when moving to IN_PROGRESS or RESCHEDULED';
    case 'note':
      return `note is not used when moving from ${from} to ${to}`;
  }
}

/** `unused` is the message when the transition does not take this field. */
interface FieldCheck<Rule> {
  rule: Rule | undefined;
  unused: string;
  issue: (message: string) => void;
}

/** The trimmed text, or undefined when absent or invalid (an issue was recorded). */
function checkText(raw: unknown, { rule, unused, issue }: FieldCheck<TextRule>): string | undefined {
  if (raw === undefined || raw === null) {
    if (rule?.required) issue(rule.missing ?? `${rule.noun} is required`);
    return undefined;
  }
  if (!rule) {
    issue(unused);
    return undefined;
  }
  if (typeof raw !== 'string') {
    issue(`${rule.noun} must be text`);
    return undefined;
  }
  const text = raw.trim();
  if (text.length === 0) {
    issue(rule.required ? (rule.missing ?? `${rule.noun} is required`) : `${rule.noun} cannot be empty`);
  } else if (text.length < rule.minLength) {
    issue(`${rule.noun} must be at least ${formatCount(rule.minLength)} characters long`);
  } else if (text.length > rule.maxLength) {
    issue(`${rule.noun} must be at most ${formatCount(rule.maxLength)} characters long`);
  } else if (text.includes('\u0000')) {
    // PostgreSQL cannot store a NUL character in text.
    issue(`${rule.noun} cannot contain NUL characters`);
  } else {
    return text;
  }
  return undefined;
}

/** A copy of the date, or undefined when absent or invalid (an issue was recorded). */
function checkDate(raw: unknown, now: Date, { rule, unused, issue }: FieldCheck<DateRule>): Date | undefined {
  if (raw === undefined || raw === null) {
    if (rule?.required) issue(rule.missing ?? `${rule.noun} is required`);
    return undefined;
  }
  if (!rule) {
    issue(unused);
    return undefined;
  }
  if (!isValidDate(raw)) {
    issue(`${rule.noun} is not a valid date`);
    return undefined;
  }
  if (rule.mustBeAfterNow && raw.getTime() <= now.getTime()) {
    issue(`${rule.noun} must be in the future`);
    return undefined;
  }
  return new Date(raw.getTime());
}

/**
 * Whether a ticket in `from` may move to `to` with `input`; on success, the normalized input.
 * `now` is the server's clock (needed for dates that must be in the future).
 */
export function checkTransition(
  from: TicketStatus,
  to: TicketStatus,
  input: TransitionInput,
  now: Date,
): TransitionCheck {
  if (!isValidDate(now)) throw new TypeError('checkTransition: now must be a valid Date');
  if (!canTransition(from, to)) {
    return {
      ok: false,
      error: { code: 'INVALID_TRANSITION', from, to, allowed: [...allowedTransitions(from)] },
    };
  }

  const rules = rulesOf(from, to);
  const issues: ValidationIssue[] = [];
  const field = <Rule>(name: TransitionField, rule: Rule | undefined): FieldCheck<Rule> => ({
    rule,
    unused: unusedMessage(name, from, to),
    issue: (message) => issues.push({ field: name, message }),
  });

  const value: TransitionValues = {};
  const solution = checkText(input.solution, field('solution', rules.solution));
  if (solution !== undefined) value.solution = solution;
  const note = checkText(input.note, field('note', rules.note));
  if (note !== undefined) value.note = note;
  const scheduledAt = checkDate(input.scheduledAt, now, field('scheduledAt', rules.scheduledAt));
  if (scheduledAt !== undefined) value.scheduledAt = scheduledAt;

  if (issues.length > 0) return { ok: false, error: { code: 'VALIDATION', issues } };
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

export interface LifecycleTimestamps {
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/**
 * The ticket timestamps to write when moving to `to`. Apply on every status change: resolvedAt is
 * set only while DONE, closedAt only while DONE or CANCELLED; leaving them clears both.
 */
export function timestampsFor(to: TicketStatus, now: Date): LifecycleTimestamps {
  switch (to) {
    case 'DONE':
      return { resolvedAt: new Date(now.getTime()), closedAt: new Date(now.getTime()) };
    case 'CANCELLED':
      return { resolvedAt: null, closedAt: new Date(now.getTime()) };
    default:
      return { resolvedAt: null, closedAt: null };
  }
}
