import { facts, link, paragraph, quote, type Block } from './blocks.ts';
import type { LocaleTexts } from './types.ts';

export const en: LocaleTexts = {
  tag: 'en-GB',
  greeting: (name) => (name ? `Dear ${name},` : 'Dear Customer,'),
  signature: 'Kind regards,\nthe Support Team',
  footer: (code) =>
    `Request ${code}. To write to us about this request, reply to this message keeping ${code} in the subject.`,
  compose(input, formatDate) {
    const { ticket } = input;
    switch (input.kind) {
      case 'TICKET_CREATED': {
        const blocks: Block[] = [
          paragraph(
            `we have received your request and given it the code ${ticket.code}: please quote it whenever you write to us.`,
          ),
          facts([
            ['Subject', ticket.subject],
            ['Where and what', ticket.placeAndWhat],
          ]),
        ];
        const times: Array<[string, string]> = [];
        if (input.expected?.firstResponseBy)
          times.push(['First response by', formatDate(input.expected.firstResponseBy)]);
        if (input.expected?.resolutionBy)
          times.push(['Expected resolution by', formatDate(input.expected.resolutionBy)]);
        if (times.length) blocks.push(paragraph('Expected times under your service level:'), facts(times));
        else blocks.push(paragraph('We will get back to you as soon as possible.'));
        return { subject: `Request received: ${ticket.subject}`, blocks };
      }
      case 'PUBLIC_REPLY':
        return {
          subject: ticket.subject,
          blocks: [
            paragraph(`there is an update on your request ${ticket.code}:`),
            quote(input.body),
            ...(input.authorName ? [paragraph(`Written by ${input.authorName}.`)] : []),
          ],
        };
      case 'RESOLVED':
        return {
          subject: `Resolved: ${ticket.subject}`,
          blocks: [
            paragraph(
              input.solvedDuringCall
                ? `as agreed on the phone, your request ${ticket.code} has been resolved. This is the solution:`
                : `your request ${ticket.code} has been resolved. This is the solution:`,
            ),
            quote(input.solution),
            ...(input.note ? [quote(input.note)] : []),
            paragraph('Should the problem come back, just reply to this message.'),
          ],
        };
      case 'AUTO_CLOSE_WARNING':
        return {
          subject: `Closing for lack of reply: ${ticket.subject}`,
          blocks: [
            paragraph(`we have not yet heard back from you about our last message on request ${ticket.code}.`),
            paragraph(
              `Unless we hear from you, the request will be closed automatically on ${formatDate(input.closesAt)} (${input.days} ${input.days === 1 ? 'day' : 'days'} after our last message). To keep it open, just reply to this message.`,
            ),
          ],
        };
      case 'AUTO_CLOSED':
        return {
          subject: `Closed: ${ticket.subject}`,
          blocks: [
            paragraph(
              `request ${ticket.code} has been closed automatically: we had no reply within ${input.days} ${input.days === 1 ? 'day' : 'days'} of our last message.`,
            ),
            paragraph('To reopen it, just reply to this message or contact us.'),
          ],
        };
      case 'SURVEY':
        return {
          subject: `How did we do? ${ticket.subject}`,
          blocks: [
            paragraph(
              `request ${ticket.code} is closed. Could you spare a minute to tell us how it went? Your opinion helps us improve.`,
            ),
            link('Rate the support you received', input.surveyUrl),
            paragraph(`The link is valid until ${formatDate(input.validUntil)}.`),
          ],
        };
    }
  },
};
