import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { publicBaseUrl } from '../survey/links.ts';

export interface MailSender {
  name: string;
  address: string;
}

/** The host customers know the product by (the public URL's), usable to the right of an `@`. */
function publicHost(): string {
  const host = new URL(publicBaseUrl()).hostname;
  return /^[a-z0-9.-]+$/i.test(host) ? host : 'sportello.invalid';
}

/**
 * Who automatic mails come from: `SPORTELLO_MAIL_FROM` ("Assistenza <assistenza@example.com>" or a bare address),
 * else `sportello@` the public host.
 */
export function mailSender(): MailSender {
  const configured = process.env.SPORTELLO_MAIL_FROM?.trim();
  if (configured) {
    const [first] = addressparser(configured, { flatten: true });
    if (first?.address) return { name: first.name || 'Sportello', address: first.address };
  }
  return { name: 'Sportello', address: `sportello@${publicHost()}` };
}

/** The domain of our Message-IDs: the sender's, so that they are as unique as the mailbox. */
export function messageIdDomain(): string {
  const domain = mailSender().address.split('@').pop() ?? '';
  return /^[a-z0-9.-]+$/i.test(domain) && domain.length > 0 ? domain.toLowerCase() : publicHost();
}

/** A new, globally unique Message-ID, angle brackets included: `<uuid@domain>`. */
export const newMessageId = () => `<${randomUUID()}@${messageIdDomain()}>`;

/**
 * A Message-ID as stored elsewhere (inbound mail may keep it with or without brackets), in the bracketed form headers
 * use; null for anything that is not one (e.g. the digest kept for a message that had none).
 */
export function normalizeMessageId(value: string | null | undefined): string | null {
  const bare = value?.trim().replace(/^<|>$/g, '');
  if (!bare || !/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) return null;
  return `<${bare}>`;
}
