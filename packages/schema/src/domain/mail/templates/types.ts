import type { OutboundMailKind } from '@sportello/db';
import type { Block } from './blocks.ts';

export type MailLocale = 'IT' | 'EN';

/** What every mail says about its ticket. */
export interface MailTicket {
  /** HT00191 */
  code: string;
  subject: string;
  placeAndWhat: string;
  /** Who the mail greets: the contact's name, else none (a generic greeting). */
  recipientName: string | null;
}

/** Deadlines of the SLA policy that applies, in the policy's time zone; null where no target runs. */
export interface ExpectedTimes {
  firstResponseBy: Date | null;
  resolutionBy: Date | null;
}

export type MailTemplateInput =
  | { kind: 'TICKET_CREATED'; ticket: MailTicket; expected: ExpectedTimes | null }
  | { kind: 'PUBLIC_REPLY'; ticket: MailTicket; body: string; authorName: string | null }
  | {
      kind: 'RESOLVED';
      ticket: MailTicket;
      solution: string;
      /** The public note written with the move to DONE, if any. */
      note: string | null;
      solvedDuringCall: boolean;
    }
  | { kind: 'AUTO_CLOSE_WARNING'; ticket: MailTicket; closesAt: Date; days: number }
  | { kind: 'AUTO_CLOSED'; ticket: MailTicket; days: number }
  | { kind: 'SURVEY'; ticket: MailTicket; surveyUrl: string; validUntil: Date };

/** Each input kind is exactly one outbound mail kind. */
export type TemplateKind = MailTemplateInput['kind'] & OutboundMailKind;

export interface LocaleTexts {
  /** BCP 47 tag for dates and the HTML `lang`. */
  tag: string;
  greeting(name: string | null): string;
  signature: string;
  footer(code: string): string;
  /** The subject after the `[HT00191]` tag, and the body. */
  compose(input: MailTemplateInput, formatDate: (date: Date) => string): { subject: string; blocks: Block[] };
}
