import type { Client } from '@urql/svelte';
import { apiError, type ApiError } from '$lib/tickets/errors';
import {
  MarkNotificationsReadMutation,
  MyNotificationsQuery,
  NotificationAddedSubscription,
  type NotificationData,
} from './documents';

const PAGE_SIZE = 20;

/** The signed-in user's notifications: the newest page, the unread count, kept live through `notificationAdded`. */
export class NotificationCenter {
  items = $state<NotificationData[]>([]);
  unreadCount = $state(0);
  hasMore = $state(false);
  loading = $state(false);
  error = $state<ApiError | undefined>();

  #client: Pick<Client, 'query' | 'mutation' | 'subscription'>;
  #endCursor: string | null = null;
  #unsubscribe: (() => void) | undefined;

  constructor(client: Pick<Client, 'query' | 'mutation' | 'subscription'>) {
    this.#client = client;
  }

  /** The newest page and the unread count, afresh (also after a reconnection: what was sent meanwhile is gone). */
  async load() {
    this.loading = true;
    const result = await this.#client
      .query(MyNotificationsQuery, { first: PAGE_SIZE }, { requestPolicy: 'network-only' })
      .toPromise();
    this.loading = false;
    this.error = apiError(result.error);
    if (!result.data) return;
    this.unreadCount = result.data.unreadNotificationCount;
    this.items = result.data.myNotifications.edges.map((edge) => edge.node);
    this.hasMore = result.data.myNotifications.pageInfo.hasNextPage;
    this.#endCursor = result.data.myNotifications.pageInfo.endCursor ?? null;
  }

  async loadMore() {
    if (!this.hasMore || !this.#endCursor) return;
    const result = await this.#client
      .query(MyNotificationsQuery, { first: PAGE_SIZE, after: this.#endCursor }, { requestPolicy: 'network-only' })
      .toPromise();
    this.error = apiError(result.error);
    if (!result.data) return;
    const known = this.items.map((item) => item.id);
    const older = result.data.myNotifications.edges.map((edge) => edge.node);
    this.items = [...this.items, ...older.filter((notification) => !known.includes(notification.id))];
    this.hasMore = result.data.myNotifications.pageInfo.hasNextPage;
    this.#endCursor = result.data.myNotifications.pageInfo.endCursor ?? null;
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
