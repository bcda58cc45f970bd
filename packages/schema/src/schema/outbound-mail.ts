import { OutboundMailKind, OutboundMailStatus } from '@sportello/db';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { notFound, validationError } from '../errors.ts';
import { retryMailNow } from '../domain/mail/sender.ts';
import { LocaleEnum } from './enums.ts';
import { id } from './validation.ts';

const OutboundMailKindEnum = builder.enumType(OutboundMailKind, {
  name: 'OutboundMailKind',
  description:
    'What a mail to the customer reports: the confirmation, a reply, the resolution, the auto-close warning and notice, the survey.',
});
const OutboundMailStatusEnum = builder.enumType(OutboundMailStatus, {
  name: 'OutboundMailStatus',
  description: 'PENDING: waiting for its first or next attempt; retried with back-off until a server takes it.',
});

builder.prismaObject('OutboundMail', {
  description: 'A mail to the customer, from the outbox. Support staff only.',
  authScopes: { staff: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    ticket: t.relation('ticket', { nullable: true }),
    kind: t.expose('kind', { type: OutboundMailKindEnum }),
    toAddress: t.exposeString('toAddress'),
    locale: t.expose('locale', { type: LocaleEnum }),
    subject: t.exposeString('subject'),
    textBody: t.exposeString('textBody', { description: 'The plain text version, as sent.' }),
    messageId: t.exposeString('messageId', { description: 'With angle brackets.' }),
    inReplyTo: t.exposeString('inReplyTo', { nullable: true }),
    status: t.expose('status', { type: OutboundMailStatusEnum }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      description: 'When a PENDING mail is tried next.',
    }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (PENDING mails only).',
    }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Ticket', 'outboundMails', (t) =>
  t.relation('outboundMails', {
    description: 'The mails sent (or waiting to be sent) to the customer about this ticket, oldest first.',
    authScopes: { staff: true },
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
);

builder.queryFields((t) => ({
  pendingOutboundMails: t.prismaField({
    type: ['OutboundMail'],
    description: 'Mails not delivered yet, the oldest first: the ones that keep failing show their error here.',
    authScopes: { admin: true },
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (query, _root, args) =>
      db.outboundMail.findMany({
        ...query,
        where: { status: 'PENDING' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: Math.min(Math.max(args.first ?? 50, 1), 100),
      }),
  }),
}));

builder.mutationFields((t) => ({
  retryOutboundMail: t.prismaField({
    type: 'OutboundMail',
    description: 'Tries a PENDING mail again now, without waiting for the back-off.',
    authScopes: { $all: { admin: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args) => {
      const outcome = await retryMailNow(db, args.id, new Date());
      if (outcome === 'NOT_FOUND') throw notFound('Mail');
      if (outcome === 'ALREADY_SENT') throw validationError([{ field: 'id', message: 'This mail was already sent.' }]);
      if (outcome === 'BEING_SENT') {
        throw validationError([{ field: 'id', message: 'This mail is being sent right now: look again in a minute.' }]);
      }
      return db.outboundMail.findUniqueOrThrow({ ...query, where: { id: args.id } });
    },
  }),
}));
