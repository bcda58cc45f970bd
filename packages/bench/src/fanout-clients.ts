import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The wallboard's own subscription: every committed ticket change a staff member may see. */
export const TICKET_EVENTS_SUBSCRIPTION = 'subscription WallboardTicketEvents { ticketEvents { id type } }';

/** Called for every `next` a subscriber receives: the event id it carried (null for an error), and when. */
export type ReceiptHandler = (subscriber: number, eventId: string | null, at: number) => void;

export interface SubscriberPool {
  /** Subscribers whose connection was acknowledged. */
  connected: number;
  /** Connections that closed after they were up, before the bench closed them. */
  dropped: number;
  /** The first few reasons why others failed. */
  failures: string[];
  close(): Promise<void>;
}

export interface OpenSubscribersOptions {
  wsUrl: string;
  count: number;
  /** Index of the first subscriber, so that several pools report into one tracker. */
  firstIndex?: number;
  cookie?: string;
  onReceipt: ReceiptHandler;
  /** How many connections may be opening at once. */
  concurrency?: number;
  /** Per connection, and for the whole ramp. */
  connectTimeoutMs?: number;
  rampTimeoutMs?: number;
}

function webSocketWithCookie(cookie: string | undefined) {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
    }
  };
}

/**
 * Opens `count` graphql-ws clients, each on its own WebSocket with one ticketEvents subscription, at most
 * `concurrency` connecting at a time. Resolves once every connection was acknowledged or failed (or the ramp ran out
 * of time). The subscription itself has no acknowledgement in the protocol: a warm-up event tells when it is live.
 */
export async function openSubscribers(options: OpenSubscribersOptions): Promise<SubscriberPool> {
  const { count, onReceipt } = options;
  const firstIndex = options.firstIndex ?? 0;
  const concurrency = options.concurrency ?? 50;
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const rampDeadline = performance.now() + (options.rampTimeoutMs ?? 600_000);
  const webSocketImpl = webSocketWithCookie(options.cookie);
  const clients: Client[] = [];
  const failures: string[] = [];
  let closing = false;
  let next = 0;
  const pool: SubscriberPool = {
    connected: 0,
    dropped: 0,
    failures,
    close: async () => {
      closing = true;
      await Promise.race([
        Promise.allSettled(clients.map((client) => client.dispose())),
        new Promise((done) => setTimeout(done, 30_000)),
      ]);
    },
  };

  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = () => {
        settled = true;
        resolve();
      };
      const fail = (reason: string) => {
        if (settled) {
          // A connection lost after it was up (not at the end, when the bench closes them).
          if (!closing) pool.dropped++;
          return;
        }
        if (failures.length < 5) failures.push(reason);
        settle();
      };
      const timer = setTimeout(() => fail('connection not acknowledged in time'), connectTimeoutMs);
      const client = createClient({
        url: options.wsUrl,
        webSocketImpl,
        lazy: false,
        retryAttempts: 0,
        keepAlive: 0,
        on: {
          connected: () => {
            clearTimeout(timer);
            pool.connected++;
            settle();
          },
          closed: (event) => {
            clearTimeout(timer);
            const { code, reason } = event as { code?: number; reason?: string };
            fail(`closed ${code ?? ''} ${reason ?? ''}`.trim());
          },
          error: (error) => {
            clearTimeout(timer);
            fail(error instanceof Error ? error.message : String(error));
          },
        },
      });
      clients.push(client);
      client.subscribe<{ ticketEvents: { id: string } }>(
        { query: TICKET_EVENTS_SUBSCRIPTION },
        {
          next: (result) => {
            const at = performance.now();
            onReceipt(index, result.errors?.length ? null : (result.data?.ticketEvents.id ?? null), at);
          },
          error: () => {},
          complete: () => {},
        },
      );
    });

  const worker = async () => {
    while (next < count && performance.now() < rampDeadline) await openOne(firstIndex + next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (next < count) failures.push(`ramp timed out after ${next} of ${count} connections`);
  return pool;
}

export interface RoundResult {
  /** Milliseconds from the change being sent to each subscriber's receipt, per group of subscribers. */
  latencies: number[][];
  /** Subscribers that never received the event within the round's time. */
  missing: number;
  /** The trigger's own round trip (the mutation, or the floor's publish request). */
  triggerMs: number;
}

/**
 * Follows one event at a time: the first event id received after the trigger is the round's event; every
 * subscriber's receipt of it is timed from the moment the trigger was sent. Ids of earlier rounds (late
 * deliveries), other ids (events from elsewhere on a shared Redis) and errors are counted apart.
 */
export class RoundTracker {
  readonly #groupOf: Uint8Array;
  readonly #receivedAt: Float64Array;
  readonly #groups: number;
  #open = false;
  #eventId: string | undefined;
  #sentAt = 0;
  #count = 0;
  #onComplete: (() => void) | null = null;
  readonly #pastEvents = new Set<string>();
  stray = 0;
  late = 0;
  errors = 0;
  duplicates = 0;

  /** `groups[i]` is the group (0, 1, …) of subscriber i. */
  constructor(groups: Uint8Array) {
    this.#groupOf = groups;
    this.#receivedAt = new Float64Array(groups.length);
    this.#groups = Math.max(0, ...groups) + 1;
  }

  readonly onReceipt: ReceiptHandler = (subscriber, eventId, at) => {
    if (eventId === null) return void this.errors++;
    if (this.#pastEvents.has(eventId)) return void this.late++;
    if (!this.#open) return void this.stray++;
    this.#eventId ??= eventId;
    if (eventId !== this.#eventId) return void this.stray++;
    if (this.#receivedAt[subscriber]! > 0) return void this.duplicates++;
    this.#receivedAt[subscriber] = at;
    if (++this.#count === this.#receivedAt.length) this.#onComplete?.();
  };

  /** Sends one change through `trigger` and waits until every subscriber received it, or `timeoutMs` passed. */
  async round(trigger: () => Promise<unknown>, timeoutMs: number): Promise<RoundResult> {
    this.#receivedAt.fill(0);
    this.#count = 0;
    this.#eventId = undefined;
    const everyone = new Promise<void>((done) => (this.#onComplete = done));
    this.#open = true;
    this.#sentAt = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await trigger();
      const triggerMs = performance.now() - this.#sentAt;
      await Promise.race([everyone, new Promise((done) => (timer = setTimeout(done, timeoutMs)))]);
      const latencies: number[][] = Array.from({ length: this.#groups }, () => []);
      let missing = 0;
      this.#receivedAt.forEach((at, subscriber) => {
        if (at > 0) latencies[this.#groupOf[subscriber]!]!.push(at - this.#sentAt);
        else missing++;
      });
      return { latencies, missing, triggerMs };
    } finally {
      clearTimeout(timer);
      this.#open = false;
      this.#onComplete = null;
      if (this.#eventId) this.#pastEvents.add(this.#eventId);
    }
  }
}
