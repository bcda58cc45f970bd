import { z } from 'zod';
import { InboundMailOutcome } from '@sportello/db';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { notFound, validationError } from '../errors.ts';
import { retryInboundMail } from '../domain/mail/inbound.ts';
import { id, text } from './validation.ts';

const InboundMailOutcomeEnum = builder.enumType(InboundMailOutcome, {
  name: 'InboundMailOutcome',
  description:
    'What became of an inbound message: a new ticket, a note on its ticket, ignored as automatic (auto-reply, ' +
    'bounce, bulk), or FAILED (kept with its error for staff).',
});

/** An IMAP mailbox polled for new mail. Its password is write-only: it is never returned. */
builder.prismaObject('Mailbox', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    host: t.exposeString('host'),
    port: t.exposeInt('port'),
    secure: t.exposeBoolean('secure', { description: 'TLS from the start (port 993); false: plain or STARTTLS.' }),
    username: t.exposeString('username'),
    folder: t.exposeString('folder'),
    queue: t.relation('queue', { description: 'New tickets from this mailbox go to this queue.' }),
    active: t.exposeBoolean('active'),
    lastUid: t.exposeInt('lastUid', { description: 'The last message (IMAP UID) read.' }),
    lastPolledAt: t.expose('lastPolledAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last poll failed (cannot connect, wrong password, …); null when it worked.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('InboundMail', {
  description: 'A message received by mail, kept whatever became of it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    messageId: t.exposeString('messageId', {
      description: 'The Message-ID header, or a digest of the message when it has none.',
    }),
    source: t.exposeString('source', { description: 'The mailbox name, or "http" for the raw MIME endpoint.' }),
    fromAddress: t.exposeString('fromAddress', { nullable: true }),
    subject: t.exposeString('subject', { nullable: true }),
    outcome: t.expose('outcome', { type: InboundMailOutcomeEnum }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'FAILED: what went wrong. IGNORED_AUTOMATIC: why it counts as automatic.',
    }),
    ticket: t.relation('ticket', { nullable: true }),
    noteId: t.exposeID('noteId', { nullable: true }),
    rawUrl: t.string({
      description: 'Where staff download the message as it arrived (message/rfc822), with the same credentials.',
      select: { id: true },
      resolve: (mail) => `/files/mail/${mail.id}.eml`,
    }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  mailboxes: t.prismaField({
    type: ['Mailbox'],
    authScopes: { admin: true },
    resolve: (query) => db.mailbox.findMany({ ...query, orderBy: { name: 'asc' } }),
  }),
  inboundMails: t.prismaConnection({
    type: 'InboundMail',
    cursor: 'id',
    description: 'Received mail, newest first; `outcome: FAILED` lists the messages staff must look at.',
    authScopes: { staff: true },
    args: { outcome: t.arg({ type: InboundMailOutcomeEnum }) },
    resolve: (query, _root, args) =>
      db.inboundMail.findMany({
        ...query,
        where: args.outcome ? { outcome: args.outcome } : {},
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

const host = z
  .string()
  .trim()
  .min(1, 'Enter the IMAP server.')
  .max(253, 'The server name is too long.')
  .regex(/^[\w.-]+$|^\[[\d:a-f.]+\]$/i, 'Enter a host name or an IP address.');
const port = z.number().int().min(1, 'A port goes from 1 to 65535.').max(65535, 'A port goes from 1 to 65535.');

const MailboxInput = builder.inputType('MailboxInput', {
  fields: (t) => ({
    name: t.string({ validate: text(2, 80, 'The mailbox name') }),
    host: t.string({ validate: host }),
    port: t.int({ validate: port }),
    secure: t.boolean(),
    username: t.string({ validate: text(1, 254, 'The user name') }),
    password: t.string({
      description: 'Write-only. Omit it to keep the current one.',
      validate: z.string().min(1, 'Enter the password.').max(1024, 'The password is too long.'),
    }),
    folder: t.string({ validate: text(1, 200, 'The folder') }),
    queueId: t.id({ validate: id }),
    active: t.boolean(),
  }),
});

async function requireActiveQueue(queueId: string) {
  const queue = await db.queue.findUnique({ where: { id: queueId } });
  if (!queue || !queue.active)
    throw validationError([{ field: 'queueId', message: 'Choose an active support queue.' }]);
}

const uniqueName = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw validationError([{ field: 'name', message: 'A mailbox with this name already exists.' }]);
    }
    throw error;
  }
};

builder.mutationFields((t) => ({
  createMailbox: t.prismaField({
    type: 'Mailbox',
    authScopes: { $all: { admin: true, writer: true } },
    args: { input: t.arg({ type: MailboxInput, required: true }) },
    resolve: async (query, _root, { input }) => {
      const missing = (['name', 'host', 'username', 'password', 'queueId'] as const).filter((field) => !input[field]);
      if (missing.length) throw validationError(missing.map((field) => ({ field, message: 'Required.' })));
      await requireActiveQueue(input.queueId!);
      const secure = input.secure ?? true;
      return uniqueName(() =>
        db.mailbox.create({
          ...query,
          data: {
            name: input.name!,
            host: input.host!,
            port: input.port ?? (secure ? 993 : 143),
            secure,
            username: input.username!,
            password: input.password!,
            folder: input.folder ?? 'INBOX',
            queueId: input.queueId!,
            active: input.active ?? true,
          },
        }),
      );
    },
  }),
  updateMailbox: t.prismaField({
    type: 'Mailbox',
    description:
      'Changing the server, user or folder starts reading that folder from its first message (messages already ' +
      'received are recognised by their Message-ID).',
    authScopes: { $all: { admin: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }), input: t.arg({ type: MailboxInput, required: true }) },
    resolve: async (query, _root, { id: mailboxId, input }) => {
      const current = await db.mailbox.findUnique({ where: { id: mailboxId } });
      if (!current) throw notFound('Mailbox');
      if (input.queueId) await requireActiveQueue(input.queueId);
      const otherFolder =
        (input.host != null && input.host !== current.host) ||
        (input.username != null && input.username !== current.username) ||
        (input.folder != null && input.folder !== current.folder);
      return uniqueName(() =>
        db.mailbox.update({
          ...query,
          where: { id: mailboxId },
          data: {
            name: input.name ?? undefined,
            host: input.host ?? undefined,
            port: input.port ?? undefined,
            secure: input.secure ?? undefined,
            username: input.username ?? undefined,
            password: input.password ?? undefined,
            folder: input.folder ?? undefined,
            queueId: input.queueId ?? undefined,
            active: input.active ?? undefined,
            ...(otherFolder ? { uidValidity: null, lastUid: 0 } : {}),
            // New settings deserve a fresh verdict from the next poll.
            lastError: null,
          },
        }),
      );
    },
  }),
  deactivateMailbox: t.prismaField({
    type: 'Mailbox',
    description: 'Stops polling the mailbox (its settings and the mail received are kept).',
    authScopes: { $all: { admin: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, { id: mailboxId }) => {
      const { count } = await db.mailbox.updateMany({ where: { id: mailboxId }, data: { active: false } });
      if (count === 0) throw notFound('Mailbox');
      return db.mailbox.findUniqueOrThrow({ ...query, where: { id: mailboxId } });
    },
  }),
  retryInboundMail: t.prismaField({
    type: 'InboundMail',
    description:
      'Processes a FAILED message again (after fixing what made it fail); it stays FAILED if it fails again.',
    authScopes: { $all: { staff: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args, { viewer }) => {
      const result = await retryInboundMail(viewer!, args.id);
      return db.inboundMail.findUniqueOrThrow({ ...query, where: { id: result.inboundMailId } });
    },
  }),
}));
