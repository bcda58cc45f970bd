/**
 * Stored notifications: what a member of the staff must see even if they were not connected when it happened
 * (an SLA at risk or breached, a reminder due, a ticket about to be closed automatically, a mail that could not
 * be read).
 *
 * - A notification is written in the transaction of the event it reports, so that one never exists without the
 *   other; its `dedupeKey` (the reported event's key and the recipient) makes it exist once per recipient even when
 *   two workers race past their locks.
 * - Its id is published on the `notification` channel only after the commit (`publishNotifications`).
 */
import type { NotificationKind, Prisma, PrismaClient, Role } from '@sportello/db';
import { pubsub } from '../pubsub.ts';

type Client = Prisma.TransactionClient | PrismaClient;

export interface NotificationInput {
  kind: NotificationKind;
  ticketId?: string | null;
  /** Plain text for the recipient (the dashboard also words it from `kind` and `data`). */
  message: string;
  data?: Prisma.InputJsonValue;
  /** Names what is reported (e.g. the timeline entry's id): the same key never notifies the same user twice. */
  dedupeKey: string;
}

/** Who is told: every active user with one of `roles`, and these users (if active and not customers). */
export interface Recipients {
  roles?: readonly Exclude<Role, 'CUSTOMER'>[];
  userIds?: ReadonlyArray<string | null | undefined>;
}

export interface CreatedNotification {
  id: string;
  userId: string;
}

/** The active staff members that `recipients` names, each once. */
export async function resolveRecipients(client: Client, recipients: Recipients): Promise<string[]> {
  const userIds = [...new Set((recipients.userIds ?? []).filter((id): id is string => Boolean(id)))];
  const roles = [...new Set(recipients.roles ?? [])];
  if (userIds.length === 0 && roles.length === 0) return [];
  const users = await client.user.findMany({
    where: {
      active: true,
      role: { not: 'CUSTOMER' },
      OR: [...(roles.length ? [{ role: { in: roles } }] : []), ...(userIds.length ? [{ id: { in: userIds } }] : [])],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return users.map((user) => user.id);
}

/**
 * Stores one notification for each recipient, in the caller's transaction. Returns the ones created now (none for
 * a recipient who already has this `dedupeKey`): publish them with `publishNotifications` after the commit.
 */
export async function notifyStaff(
  tx: Client,
  input: NotificationInput,
  recipients: Recipients,
  now: Date = new Date(),
): Promise<CreatedNotification[]> {
  const userIds = await resolveRecipients(tx, recipients);
  if (userIds.length === 0) return [];
  return tx.notification.createManyAndReturn({
    data: userIds.map((userId) => ({
      userId,
      kind: input.kind,
      ticketId: input.ticketId ?? null,
      message: input.message,
      ...(input.data !== undefined ? { data: input.data } : {}),
      dedupeKey: notificationKey(input.dedupeKey, userId),
      createdAt: now,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true },
  });
}

export const notificationKey = (reported: string, userId: string) => `${reported}:${userId}`;

/** Tells the live subscribers (`notificationAdded`); call it once the transaction that stored them committed. */
export function publishNotifications(created: readonly CreatedNotification[]): void {
  for (const notification of created)
    pubsub.publish('notification', { notificationId: notification.id, userId: notification.userId });
}

export interface NotificationFilter {
  unreadOnly?: boolean | null;
}

/** The viewer's notifications, newest first (as a Prisma `where`/`orderBy` for lists and connections). */
export function notificationsQuery(userId: string, filter: NotificationFilter = {}) {
  return {
    where: { userId, ...(filter.unreadOnly ? { readAt: null } : {}) } satisfies Prisma.NotificationWhereInput,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.NotificationOrderByWithRelationInput[],
  };
}

export function unreadCount(client: Client, userId: string): Promise<number> {
  return client.notification.count({ where: { userId, readAt: null } });
}

export type MarkReadTarget = { all: true } | { ids: readonly string[] };

export type MarkReadResult =
  | { ok: true; marked: number }
  /** Some ids are not the user's notifications (or do not exist): nothing was marked. */
  | { ok: false; unknownIds: string[] };

/** Marks the user's notifications read (already read ones keep their first reading time). Only their own. */
export async function markRead(
  client: PrismaClient,
  userId: string,
  target: MarkReadTarget,
  now = new Date(),
): Promise<MarkReadResult> {
  if ('all' in target) {
    const { count } = await client.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
    return { ok: true, marked: count };
  }
  const ids = [...new Set(target.ids)];
  const owned = await client.notification.findMany({ where: { userId, id: { in: ids } }, select: { id: true } });
  if (owned.length !== ids.length) {
    const known = new Set(owned.map((notification) => notification.id));
    return { ok: false, unknownIds: ids.filter((id) => !known.has(id)) };
  }
  const { count } = await client.notification.updateMany({
    where: { userId, id: { in: ids }, readAt: null },
    data: { readAt: now },
  });
  return { ok: true, marked: count };
}
