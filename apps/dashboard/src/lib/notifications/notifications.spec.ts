import { describe, expect, it } from 'vitest';
import type { NotificationData } from './documents';
import { notificationFactory } from './factories';
import { NotificationCenter } from './notifications.svelte';

type Listener = (result: { data?: { notificationAdded: NotificationData } }) => void;

/** A stand-in for the urql client whose query answers are released by the test, to order them against pushes. */
function controlledClient(pages: Array<{ items: NotificationData[]; unread: number; hasNextPage: boolean }>) {
  let listener: Listener | undefined;
  const pending: Array<() => void> = [];
  const calls: Array<Record<string, unknown>> = [];
  const client = {
    query: (_document: unknown, variables: Record<string, unknown>) => {
      calls.push(variables);
      const page = pages.shift()!;
      return {
        toPromise: () =>
          new Promise((resolve) =>
            pending.push(() =>
              resolve({
                data: {
                  unreadNotificationCount: page.unread,
                  myNotifications: {
                    edges: page.items.map((node) => ({ node })),
                    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.id ?? null },
                  },
                },
              }),
            ),
          ),
      };
    },
    mutation: () => ({ toPromise: async () => ({}) }),
    subscription: () => ({
      subscribe: (next: Listener) => {
        listener = next;
        return { unsubscribe: () => {} };
      },
    }),
  };
  return {
    client: client as unknown as ConstructorParameters<typeof NotificationCenter>[0],
    calls,
    push: (notification: NotificationData) => listener?.({ data: { notificationAdded: notification } }),
    release: () => pending.shift()?.(),
  };
}

describe('NotificationCenter', () => {
  it('counts a notification once when it is pushed while the page that holds it is loading', async () => {
    const fresh = notificationFactory();
    const older = notificationFactory({ read: true });
    const fake = controlledClient([{ items: [fresh, older], unread: 1, hasNextPage: false }]);
    const center = new NotificationCenter(fake.client);
    center.listen();
    const loading = center.load();
    fake.push(fresh);
    expect(center.unreadCount).toBe(1);
    fake.release();
    await loading;
    expect(center.unreadCount).toBe(1);
    expect(center.items.map((item) => item.id)).toEqual([fresh.id, older.id]);

    fake.push(fresh); // delivered again after the page: already listed
    expect(center.unreadCount).toBe(1);
    expect(center.items).toHaveLength(2);
  });

  it('loads older pages after the last one it has', async () => {
    const first = notificationFactory();
    const second = notificationFactory();
    const fake = controlledClient([
      { items: [first], unread: 2, hasNextPage: true },
      { items: [second], unread: 2, hasNextPage: false },
    ]);
    const center = new NotificationCenter(fake.client);
    const loading = center.load();
    fake.release();
    await loading;
    expect(center.hasMore).toBe(true);

    const more = center.loadMore();
    fake.release();
    await more;
    expect(fake.calls[1]).toEqual({ first: 20, after: first.id });
    expect(center.items.map((item) => item.id)).toEqual([first.id, second.id]);
    expect(center.hasMore).toBe(false);
  });
});
