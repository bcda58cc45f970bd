import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeUrqlClient, type FakeAnswer } from '$lib/graphql/testing';
import { setupTestI18n } from '$lib/tickets/testing';
import type { NotificationData } from './documents';
import { notificationFactory } from './factories';
import NotificationBell from './NotificationBell.svelte';

/** The urql stand-in, plus the live feed: `push` delivers a notification to the subscription. */
function fakeClient(answers: Record<string, FakeAnswer>) {
  let listener: ((result: { data?: { notificationAdded: NotificationData } }) => void) | undefined;
  const unsubscribe = vi.fn();
  return {
    ...fakeUrqlClient(answers),
    subscription: vi.fn(() => ({
      subscribe: (next: NonNullable<typeof listener>) => {
        listener = next;
        return { unsubscribe };
      },
    })),
    push: (notification: NotificationData) => listener?.({ data: { notificationAdded: notification } }),
    unsubscribe,
  };
}

function page(items: NotificationData[], unread: number) {
  return () => ({
    unreadNotificationCount: unread,
    myNotifications: {
      edges: items.map((node) => ({ node })),
      pageInfo: { hasNextPage: false, endCursor: items.at(-1)?.id ?? null },
    },
  });
}

function renderBell(client: ReturnType<typeof fakeClient>) {
  return render(NotificationBell, { context: new Map([['$$_urql', client]]) });
}

describe('NotificationBell', () => {
  beforeAll(() => setupTestI18n('en'));

  it('shows the unread count and lists the notifications with links to their tickets', async () => {
    const breach = notificationFactory();
    const reminder = notificationFactory({
      kind: 'REMINDER_DUE',
      slaTarget: null,
      deadline: null,
      reminderText: 'Richiamare il cliente',
      read: true,
      ticket: { id: 'ticket-7', code: 'HT00007' },
    });
    const client = fakeClient({ MyNotifications: page([breach, reminder], 1) });
    renderBell(client);

    const toggle = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    expect(screen.getByTestId('notification-count')).toHaveTextContent('1');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    const items = screen.getAllByTestId('notification');
    expect(items).toHaveLength(2);
    const link = within(items[0]!).getByRole('link', { name: 'SLA breached: first response' });
    expect(link.getAttribute('href')).toMatch(/\/tickets\/HT00191$/);
    expect(items[0]).toHaveTextContent('Unread');
    expect(items[0]).toHaveTextContent('HT00191 · Stampante del protocollo non stampa');
    expect(items[0]).toHaveTextContent(/breached on /);
    expect(within(items[1]!).getByRole('link', { name: 'Reminder due' })).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Richiamare il cliente');
    expect(items[1]).not.toHaveTextContent('Unread');
    expect(client.subscription).toHaveBeenCalledTimes(1);
  });

  it('links a failed incoming mail to the unprocessed-mail page', async () => {
    const failed = notificationFactory({
      kind: 'INBOUND_MAIL_FAILED',
      slaTarget: null,
      deadline: null,
      message: 'Un messaggio da mario.rossi@example.it non è stato elaborato',
      ticket: null,
    });
    renderBell(fakeClient({ MyNotifications: page([failed], 1) }));

    await fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));

    const link = screen.getByRole('link', { name: 'Incoming mail not processed' });
    expect(link.getAttribute('href')).toMatch(/\/mail$/);
  });

  it('adds live notifications on top and counts them, once each', async () => {
    const client = fakeClient({ MyNotifications: page([], 0) });
    renderBell(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Notifications, none unread' }));
    expect(screen.getByText('No notifications.')).toBeInTheDocument();

    const atRisk = notificationFactory({ kind: 'SLA_AT_RISK', slaTarget: 'resolution' });
    client.push(atRisk);
    client.push(atRisk);
    await waitFor(() => expect(screen.getAllByTestId('notification')).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'SLA at risk: resolution' })).toBeInTheDocument();
  });

  it('marks one notification read, then all of them', async () => {
    const first = notificationFactory();
    const second = notificationFactory({ kind: 'AUTO_CLOSE_WARNING', slaTarget: null });
    let unread = 2;
    const client = fakeClient({
      MyNotifications: page([first, second], 2),
      MarkNotificationsRead: (variables) => {
        const marked = variables.all ? unread : (variables.ids as string[]).length;
        unread -= marked;
        return { markNotificationsRead: { marked, unreadCount: unread } };
      },
    });
    renderBell(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));

    const [firstItem, secondItem] = screen.getAllByTestId('notification');
    await fireEvent.click(within(firstItem!).getByRole('button', { name: 'Mark as read' }));
    await waitFor(() => expect(firstItem).not.toHaveTextContent('Unread'));
    expect(client.mutation).toHaveBeenCalledWith(expect.anything(), { ids: [first.id] });
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    expect(secondItem).toHaveTextContent('Unread');

    await fireEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(secondItem).not.toHaveTextContent('Unread'));
    expect(client.mutation).toHaveBeenLastCalledWith(expect.anything(), { all: true });
    expect(screen.getByRole('button', { name: 'Notifications, none unread' })).toBeInTheDocument();
    expect(screen.queryByTestId('notification-count')).not.toBeInTheDocument();
  });

  it('closes on Escape, giving the focus back to the bell', async () => {
    const client = fakeClient({ MyNotifications: page([notificationFactory()], 1) });
    renderBell(client);
    const toggle = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await fireEvent.click(toggle);
    await fireEvent.keyDown(screen.getByRole('link'), { key: 'Escape' });
    expect(screen.queryByRole('heading', { name: 'Notifications' })).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('closes on Escape from the bell itself, and on a click elsewhere', async () => {
    const client = fakeClient({ MyNotifications: page([notificationFactory()], 1) });
    renderBell(client);
    const toggle = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await fireEvent.click(toggle);
    await fireEvent.keyDown(toggle, { key: 'Escape' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await fireEvent.click(toggle);
    await fireEvent.click(screen.getByRole('heading', { name: 'Notifications' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.click(document.body);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('stops listening when it goes away', async () => {
    const client = fakeClient({ MyNotifications: page([], 0) });
    const { unmount } = renderBell(client);
    await screen.findByRole('button', { name: 'Notifications, none unread' });
    unmount();
    expect(client.unsubscribe).toHaveBeenCalled();
  });
});
