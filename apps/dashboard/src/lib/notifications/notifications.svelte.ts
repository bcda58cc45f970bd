import type { Client } from '@urql/svelte';
import { CursorList } from '$lib/graphql/cursor-list.svelte';
import { apiError, type ApiError } from '$lib/tickets/errors';
import {
  MarkNotificationsReadMutation,
  MyNotificationsQuery,
  NotificationAddedSubscription,
  type NotificationData,
} from './documents';

const PAGE_SIZE = 20;

/** The signed-in user's notifications: the newest page, the unread count, kept live through `notificationAdded`. */
export class NotificationCenter extends CursorList<NotificationData> {
  unreadCount = $state(0);

  #client: Pick<Client, 'query' | 'mutation' | 'subscription'>;
  #unsubscribe: (() => void) | undefined;

  /** `load()`: the newest page and the unread count, afresh (also after a reconnection, which loses events). */
  constructor(client: Pick<Client, 'query' | 'mutation' | 'subscription'>) {
    super(async (after) => {
      const variables = after ? { first: PAGE_SIZE, after } : { first: PAGE_SIZE };
      const result = await client.query(MyNotificationsQuery, variables, { requestPolicy: 'network-only' }).toPromise();
      if (result.data && !after) this.unreadCount = result.data.unreadNotificationCount;
      return { connection: result.data?.myNotifications, error: result.error };
    });
    this.#client = client;
  }

  listen() {
    this.#unsubscribe?.();
    const { unsubscribe } = this.#client.subscription(NotificationAddedSubscription, {}).subscribe((result) => {
      const added = result.data?.notificationAdded;
      // Already listed: the page loaded after it was stored.
      if (!added || this.items.some((item) => item.id === added.id)) return;
      this.items = [added, ...this.items];
      if (!added.read) this.unreadCount += 1;
    });
    this.#unsubscribe = unsubscribe;
  }

  dispose() {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  markRead(ids: string[]) {
    return this.#mark({ ids }, ids);
  }

  markAllRead() {
    return this.#mark({ all: true }, null);
  }

  /** `ids`: the ones marked read, or null for all of them. */
  async #mark(variables: { ids?: string[]; all?: boolean }, ids: string[] | null): Promise<ApiError | undefined> {
    const result = await this.#client.mutation(MarkNotificationsReadMutation, variables).toPromise();
    const error = apiError(result.error);
    this.error = error;
    if (!result.data) return error;
    this.unreadCount = result.data.markNotificationsRead.unreadCount;
    this.items = this.items.map((item) => (ids === null || ids.includes(item.id) ? { ...item, read: true } : item));
    return undefined;
  }
}
