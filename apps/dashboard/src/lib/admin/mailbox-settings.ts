import { changedFields } from '$lib/form-values';
import type { AdminMailbox } from './documents';

/** What an admin types for a mailbox: its IMAP server, account and folder, and the queue its new tickets go to. */
export interface MailboxSettings {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  folder: string;
  queueId: string;
}

const TLS_PORT = 993;
const PLAIN_PORT = 143;

export function blankMailboxSettings(queueId = ''): MailboxSettings {
  return { name: '', host: '', port: TLS_PORT, secure: true, username: '', folder: 'INBOX', queueId };
}

export function mailboxSettingsOf(mailbox: AdminMailbox): MailboxSettings {
  const { name, host, port, secure, username, folder, queue } = mailbox;
  return { name, host, port, secure, username, folder, queueId: queue.id };
}

/** The default port follows the security choice, unless the admin typed another port. */
export function chooseSecurity(settings: MailboxSettings, secure: boolean) {
  if (settings.port === (settings.secure ? TLS_PORT : PLAIN_PORT)) settings.port = secure ? TLS_PORT : PLAIN_PORT;
  settings.secure = secure;
}

/** The settings as the API takes them: text trimmed, the port a number (inputs of type number may hold text). */
export function trimmedMailboxSettings(settings: MailboxSettings): MailboxSettings {
  return {
    ...settings,
    name: settings.name.trim(),
    host: settings.host.trim(),
    username: settings.username.trim(),
    folder: settings.folder.trim(),
    port: Number(settings.port),
  };
}

/** Only what differs from the mailbox as it was listed (see changedFields). */
export function changedMailboxSettings(mailbox: AdminMailbox, settings: MailboxSettings): Partial<MailboxSettings> {
  return changedFields<MailboxSettings>(mailboxSettingsOf(mailbox), trimmedMailboxSettings(settings));
}
