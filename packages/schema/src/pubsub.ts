import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { TicketEventType } from '@sportello/db';

/** Published once per committed ticket change. Ids and small facts only: subscribers load what they may see. */
export interface TicketEventMessage {
  eventId: string;
  ticketId: string;
  queueId: string;
  customerId: string | null;
  type: TicketEventType;
  internal: boolean;
}

export interface CallEventMessage {
  callId: string;
}

/** An SLA escalation (or an at-risk warning) for the supervisors: the timeline entry that records it. */
export interface SlaAlertMessage {
  eventId: string;
  ticketId: string;
  queueId: string;
}

/** A reminder reached its due time: its owner is notified. */
export interface ReminderDueMessage {
  reminderId: string;
  ownerId: string;
}

/** A stored notification was committed for one user (see domain/notifications.ts). */
export interface NotificationMessage {
  notificationId: string;
  userId: string;
}

/**
 * A browser session ended (logout) or an API token was revoked: every instance closes the graphql-ws connections
 * that it authenticated.
 */
export interface CredentialRevokedMessage {
  sessionId?: string;
  tokenId?: string;
}

function redisEventTarget(url: string) {
  // A subscribed Redis connection can do nothing else, so publishing needs a second one.
  const publishClient = new Redis(url, { maxRetriesPerRequest: null });
  const subscribeClient = new Redis(url, { maxRetriesPerRequest: null });
  return {
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
    clients: [publishClient, subscribeClient],
  };
}

const redis = process.env.REDIS_URL ? redisEventTarget(process.env.REDIS_URL) : undefined;

/** In-process by default; shared through Redis when REDIS_URL is set, so that several API instances see every event. */
export const pubsub = createPubSub<{
  ticketEvent: [TicketEventMessage];
  callEvent: [CallEventMessage];
  slaAlert: [SlaAlertMessage];
  reminderDue: [ReminderDueMessage];
  credentialRevoked: [CredentialRevokedMessage];
  notification: [NotificationMessage];
}>(redis ? { eventTarget: redis.eventTarget } : {});

export async function closePubSub(): Promise<void> {
  await Promise.all(redis?.clients.map((client) => client.quit()) ?? []);
}
