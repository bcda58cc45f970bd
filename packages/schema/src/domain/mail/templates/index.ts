import { DEFAULT_TIME_ZONE } from '../../sla/calendar.ts';
import { paragraph, renderHtml, renderText } from './blocks.ts';
import { en } from './en.ts';
import { it } from './it.ts';
import type { LocaleTexts, MailLocale, MailTemplateInput } from './types.ts';

export type { ExpectedTimes, MailLocale, MailTemplateInput, MailTicket } from './types.ts';

const LOCALES: Record<MailLocale, LocaleTexts> = { IT: it, EN: en };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A subject is one line: line breaks (which would end the header) and runs of blanks become one space. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The subject tag every mail of a ticket carries, so that replies find their ticket: `[HT00191]`. */
export const subjectTag = (code: string) => `[${code}]`;

// Building a formatter costs about twenty times formatting a date with it: one per language and time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormatOf(tag: string, timeZone: string) {
  const key = `${tag} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * The mail for one template input in the contact's language (Italian unless English was chosen), as plain text and
 * HTML, with the subject always tagged `[HT00191]`. Dates are shown in `timeZone` (the support team's).
 */
export function renderMail(
  input: MailTemplateInput,
  locale: MailLocale = 'IT',
  timeZone: string = DEFAULT_TIME_ZONE,
): RenderedMail {
  const texts = LOCALES[locale] ?? it;
  const dateFormat = dateFormatOf(texts.tag, timeZone);
  const { subject, blocks } = texts.compose(input, (date) => dateFormat.format(date));
  const taggedSubject = oneLine(`${subjectTag(input.ticket.code)} ${subject}`);
  const all = [paragraph(texts.greeting(input.ticket.recipientName)), ...blocks, paragraph(texts.signature)];
  const footer = texts.footer(input.ticket.code);
  return {
    subject: taggedSubject,
    text: renderText(all, footer),
    html: renderHtml(all, footer, texts.tag.slice(0, 2), taggedSubject),
  };
}
