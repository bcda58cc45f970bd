import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { NotificationKind } from '@sportello/db';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { markRead, notificationsQuery, unreadCount } from '../domain/notifications.ts';
import { notFound, validationError } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import { id } from './validation.ts';

const NotificationKindEnum = builder.enumType(NotificationKind, { name: 'NotificationKind' });

/** The facts a notification carries besides its text (see the automation engine). */
interface NotificationData {
  target?: string;
  dueAt?: string | null;
  breachedAt?: string;
  closesAt?: string;
  reminderId?: string;
  text?: string;
}
const dataOf = (data: unknown) => (data && typeof data === 'object' ? data : {}) as NotificationData;
const dateOrNull = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

builder.prismaObject('Notification', {
  description: 'Something a member of the staff must see: stored, so it waits for them until they read it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: NotificationKindEnum }),
    message: t.exposeString('message', { description: 'Plain text: the ticket code and subject, or what failed.' }),
    ticket: t.relation('ticket', { nullable: true }),
    slaTarget: t.string({
      nullable: true,
      description: 'SLA_AT_RISK, SLA_BREACHED: firstResponse, nextResponse or resolution.',
      select: { data: true },
      resolve: (notification) => dataOf(notification.data).target ?? null,
    }),
    deadline: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'SLA_AT_RISK: the due instant. SLA_BREACHED: when it was breached. AUTO_CLOSE_WARNING: the closure.',
      select: { data: true },
      resolve: (notification) => {
        const data = dataOf(notification.data);
        return dateOrNull(data.dueAt ?? data.breachedAt ?? data.closesAt);
      },
    }),
    reminderText: t.string({
      nullable: true,
      description: 'REMINDER_DUE: what the reminder says.',
      select: { data: true },
      resolve: (notification) => dataOf(notification.data).text ?? null,
    }),
    read: t.boolean({ select: { readAt: true }, resolve: (notification) => notification.readAt !== null }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const MarkNotificationsReadResult = builder
  .objectRef<{ marked: number; unreadCount: number }>('MarkNotificationsReadResult')
  .implement({
    fields: (t) => ({
      marked: t.exposeInt('marked', { description: 'How many were unread and are now read.' }),
      unreadCount: t.exposeInt('unreadCount', { description: 'Your unread notifications left.' }),
    }),
  });

builder.queryFields((t) => ({
  myNotifications: t.prismaConnection({
    type: 'Notification',
    cursor: 'id',
    description: 'Your notifications, newest first.',
    authScopes: { authenticated: true },
    args: { unreadOnly: t.arg.boolean({ description: 'Only the ones you have not read yet.' }) },
    resolve: (query, _root, args, { viewer }) =>
      db.notification.findMany({ ...query, ...notificationsQuery(viewer!.id, { unreadOnly: args.unreadOnly }) }),
  }),
  unreadNotificationCount: t.int({
    authScopes: { authenticated: true },
    resolve: (_root, _args, { viewer }) => unreadCount(db, viewer!.id),
  }),
}));

builder.mutationFields((t) => ({
  markNotificationsRead: t.field({
    type: MarkNotificationsReadResult,
    description: 'Marks these of your notifications read (`ids`), or all of them (`all: true`): one or the other.',
    authScopes: { $all: { authenticated: true, writer: true } },
    args: {
      ids: t.arg.idList({ validate: z.array(id).max(500, 'Mark at most 500 notifications at once.') }),
      all: t.arg.boolean(),
    },
    resolve: async (_root, args, { viewer }) => {
      const byIds = args.ids != null;
      if (byIds === Boolean(args.all))
        throw validationError([{ field: 'ids', message: 'Give either the notifications to mark, or all: true.' }]);
      const result = await markRead(db, viewer!.id, byIds ? { ids: args.ids! } : { all: true });
      if (!result.ok) throw notFound('Notification');
      return { marked: result.marked, unreadCount: await unreadCount(db, viewer!.id) };
    },
  }),
}));

builder.subscriptionFields((t) => ({
  notificationAdded: t.prismaField({
    type: 'Notification',
    description: 'Your notifications, each once, as they are stored.',
    authScopes: { authenticated: true },
    subscribe: (_root, _args, { viewer }) =>
      pipe(
        pubsub.subscribe('notification'),
        filter((message) => message.userId === viewer!.id),
      ),
    resolve: (query, message: { notificationId: string }) =>
      db.notification.findUniqueOrThrow({ ...query, where: { id: message.notificationId } }),
  }),
}));
