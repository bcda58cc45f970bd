import type { NotificationData } from './documents';

let sequence = 0;

export function notificationFactory(overrides: Partial<NotificationData> = {}): NotificationData {
  sequence += 1;
  return {
    id: `notification-${sequence}`,
    kind: 'SLA_BREACHED',
    message: 'HT00191 · Stampante del protocollo non stampa',
    slaTarget: 'firstResponse',
    deadline: '2026-11-23T09:00:00.000Z',
    reminderText: null,
    read: false,
    createdAt: '2026-11-23T09:00:05.000Z',
    ticket: { id: 'ticket-191', code: 'HT00191' },
    ...overrides,
  };
}
