/**
 * The little language the demo tickets are written in: each ticket is a "story" (who asked what, how, and
 * the steps the help desk took), so the data set reads like a real help desk rather than random rows.
 *
 * Every step says how long after the previous step it happened (`'4m'`, `'2h'`, `'1d'` = next working day
 * at the same time; see time.ts). `buildDemoPlan` (plan.ts) turns the stories into rows and checks them
 * against the ticket lifecycle, so a story that breaks a rule fails loudly instead of seeding nonsense.
 */
import type { Channel, Locale, Role, TicketStatus } from '@sportello/db';

export type Priority = 0 | 1 | 2 | 3;

/** Staff of the demo help desk (keys of DEMO_STAFF). */
export type StaffKey = 'giulia' | 'marco' | 'luca' | 'sara' | 'francesca' | 'andrea';

export interface StaffMember {
  name: string;
  email: string;
  role: Exclude<Role, 'CUSTOMER'>;
  locale?: Locale;
}

/** When a ticket was opened: on a past working day at a given time, or a moment ago. */
export type When = { workdaysAgo: number; at: string } | { ago: string };

/** A date a step sets (a new appointment, a reminder's due time). */
export type DateSpec =
  /** On the n-th working day from today, at HH:MM (Rome): always in the future. */
  | { workdaysAhead: number; at: string }
  /** A duration after the step itself. */
  | { afterStep: string }
  /** A duration from `now` (in the future). */
  | { fromNow: string }
  /** A duration before `now` (in the past: an overdue reminder). */
  | { beforeNow: string };

/**
 * Who did it: a staff member, or `'customer'` (the ticket's contact: their portal user when they have one,
 * otherwise nobody, e.g. an email reply filed by the mailbox import).
 */
export type Actor = StaffKey | 'customer';

/**
 * When a step happened: how long after the previous step (or the ticket's creation), e.g. `'2h'`; or, for the
 * latest steps of a long-running ticket, how long before the moment of seeding: `earlier('40m')`.
 */
export type Delay = string | { beforeNow: string };

/** A step that happened this long before the moment of seeding (it must still come after the previous step). */
export const earlier = (duration: string): Delay => ({ beforeNow: duration });

interface Timed {
  after: Delay;
}

export type Step = Timed &
  (
    | { kind: 'claim'; by: StaffKey }
    /** The responsible operator changes (a supervisor hands the ticket over). */
    | { kind: 'reassign'; to: StaffKey; by: StaffKey }
    /** Moves the ticket; `by` defaults to the responsible operator. */
    | { kind: 'status'; to: TicketStatus; by?: Actor; solution?: string; scheduledAt?: DateSpec }
    | { kind: 'note'; visibility: 'INTERNAL' | 'PUBLIC'; text: string; by?: Actor }
    | { kind: 'assess'; priority: Priority; by?: StaffKey }
    /** The technician who does the work. */
    | { kind: 'assign'; to: StaffKey; by?: StaffKey }
    /** The customer (no active contract) agreed to a paid intervention; `who` defaults to the contact. */
    | { kind: 'agree'; who?: string; by?: StaffKey }
    | { kind: 'reminder'; owner: StaffKey; text: string; due: DateSpec }
    /** Completes the story's latest reminder. */
    | { kind: 'reminderDone'; by?: StaffKey }
    /** A phone call linked to the ticket, ending at the step: an operator calling the contact or vice versa. */
    | { kind: 'call'; direction: 'INBOUND' | 'OUTBOUND'; by: StaffKey; minutes: number }
  );

export type Steps = (Step | Steps)[];

export interface Story {
  /** To refer to the ticket from other stories (`[[key]]` in a text becomes its number, e.g. HT00012) or calls. */
  key?: string;
  at: When;
  channel: Channel;
  /** The person who asked (a key of the contacts); the customer is theirs. */
  contact?: string;
  /** Only for tickets without a contact (e.g. opened by a monitoring system through the API). */
  customer?: string;
  queue: string;
  category: string;
  requested: Priority;
  subject: string;
  placeAndWhat: string;
  description: string;
  /**
   * Who opened it. Defaults by channel: PHONE → the first operator to claim it; PORTAL → the contact's
   * portal user; API → the administrator (the monitoring integration's token is theirs); EMAIL and CHAT →
   * nobody (imported from the shared mailbox / left in the chat widget).
   */
  createdBy?: StaffKey;
  /** PHONE tickets: the call during which the ticket was opened, answered by the creator. */
  call?: { minutes: number; missedBefore?: string };
  steps?: Steps;
}

// ---------------------------------------------------------------------------------------------
// Step helpers, so that the stories read as a sequence of actions
// ---------------------------------------------------------------------------------------------

/** Claim the ticket, move it to "In attesa di input" and assess its priority. */
export const take = (after: Delay, by: StaffKey, priority: Priority): Steps => [
  { kind: 'claim', after, by },
  { kind: 'status', after: '10s', to: 'AWAITING_INPUT' },
  { kind: 'assess', after: '20s', priority },
];

/** Only claim (for a ticket settled straight from NEW: solved during the call, or a duplicate). */
export const claim = (after: Delay, by: StaffKey): Step => ({ kind: 'claim', after, by });

export const reassign = (after: Delay, to: StaffKey, by: StaffKey): Step => ({ kind: 'reassign', after, to, by });

export const assess = (after: Delay, priority: Priority, by?: StaffKey): Step => ({
  kind: 'assess',
  after,
  priority,
  by,
});

export const move = (after: Delay, to: TicketStatus, options: { by?: Actor; scheduledAt?: DateSpec } = {}): Step => ({
  kind: 'status',
  after,
  to,
  ...options,
});

export const done = (after: Delay, solution: string, by?: StaffKey): Step => ({
  kind: 'status',
  after,
  to: 'DONE',
  solution,
  by,
});

/** A status change that needs a written reason: the note follows the change. */
function withNote(after: Delay, to: TicketStatus, text: string, visibility: 'INTERNAL' | 'PUBLIC', by?: Actor): Steps {
  return [
    { kind: 'status', after, to, by },
    { kind: 'note', after: '5s', visibility, text, by },
  ];
}

export const cancel = (
  after: Delay,
  reason: string,
  options: { visibility?: 'INTERNAL' | 'PUBLIC'; by?: Actor } = {},
) => withNote(after, 'CANCELLED', reason, options.visibility ?? 'PUBLIC', options.by);

export const requestChanges = (after: Delay, changes: string, by?: Actor) =>
  withNote(after, 'CHANGES_REQUESTED', changes, 'PUBLIC', by);

export const suspend = (after: Delay, reason: string, by?: Actor) =>
  withNote(after, 'SUSPENDED', reason, 'INTERNAL', by);

/** The customer contests the work done (filed by them on the portal, or by the operator they called). */
export const complain = (after: Delay, complaint: string, by: Actor = 'customer') =>
  withNote(after, 'COMPLAINT', complaint, 'PUBLIC', by);

/** A closed ticket opened again (DONE/CANCELLED → AWAITING_INPUT), with the reason. */
export const reopen = (after: Delay, reason: string, by?: Actor) =>
  withNote(after, 'AWAITING_INPUT', reason, 'PUBLIC', by);

/** "Nuova data": the intervention moves to a new date. */
export const reschedule = (after: Delay, scheduledAt: DateSpec, reason: string, by?: Actor): Steps => [
  { kind: 'status', after, to: 'RESCHEDULED', scheduledAt, by },
  { kind: 'note', after: '5s', visibility: 'PUBLIC', text: reason, by },
];

/** A note the customer can read (an answer, a confirmation). */
export const reply = (after: Delay, text: string, by?: StaffKey): Step => ({
  kind: 'note',
  after,
  visibility: 'PUBLIC',
  text,
  by,
});

/** A staff-only note. */
export const internal = (after: Delay, text: string, by?: StaffKey): Step => ({
  kind: 'note',
  after,
  visibility: 'INTERNAL',
  text,
  by,
});

/** The customer writes (portal, or an email reply to the ticket). */
export const customerWrites = (after: Delay, text: string): Step => ({
  kind: 'note',
  after,
  visibility: 'PUBLIC',
  text,
  by: 'customer',
});

export const assign = (after: Delay, to: StaffKey, by?: StaffKey): Step => ({ kind: 'assign', after, to, by });

export const agree = (after: Delay, who?: string, by?: StaffKey): Step => ({ kind: 'agree', after, who, by });

export const remind = (after: Delay, owner: StaffKey, text: string, due: DateSpec): Step => ({
  kind: 'reminder',
  after,
  owner,
  text,
  due,
});

export const reminderDone = (after: Delay, by?: StaffKey): Step => ({ kind: 'reminderDone', after, by });

export const callCustomer = (after: Delay, by: StaffKey, minutes: number): Step => ({
  kind: 'call',
  after,
  direction: 'OUTBOUND',
  by,
  minutes,
});

export const customerCalls = (after: Delay, by: StaffKey, minutes: number): Step => ({
  kind: 'call',
  after,
  direction: 'INBOUND',
  by,
  minutes,
});

export const workdaysAgo = (count: number, at: string): When => ({ workdaysAgo: count, at });
export const ago = (duration: string): When => ({ ago: duration });
