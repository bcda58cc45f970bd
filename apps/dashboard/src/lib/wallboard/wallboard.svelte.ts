import {
  UnauthenticatedError,
  type StaticPicture,
  type TicketsPicture,
  type WallboardCall,
  type WallboardMetrics,
  type WallboardSource,
  type WallboardTicket,
} from './types';

/** How long a burst of events is gathered into one reload (a change must still show within a second). */
export const EVENT_DEBOUNCE_MS = 100;
/**
 * Today's figures move slowly and cost more to compute: they are reloaded at most this often, after the live
 * panels, so they never delay them.
 */
export const METRICS_DEBOUNCE_MS = 3000;

type Part = 'static' | 'tickets' | 'calls' | 'metrics';

export interface OperatorClaims {
  operator: { id: string; name: string };
  tickets: WallboardTicket[];
}

/**
 * The live picture of the wallboard: loads everything, listens to ticket and call events and re-queries what they
 * affect (a burst of events costs one reload per part), and reloads everything after a reconnection.
 */
export class WallboardState {
  me = $state<StaticPicture['me'] | null>(null);
  queues = $state<StaticPicture['queues']>([]);
  tickets = $state<TicketsPicture | null>(null);
  calls = $state<WallboardCall[] | null>(null);
  /** Today's figures; null until loaded, or while the API cannot give them (they are optional on the board). */
  metrics = $state<WallboardMetrics | null>(null);
  /** The session is missing or expired: the page sends the user to sign in. */
  unauthenticated = $state(false);
  /** The last load failed (e.g. the API is down): what is shown may be out of date. */
  stale = $state(false);
  /** When the picture was last fully up to date. */
  updatedAt = $state<number | null>(null);

  /** Open claimed tickets grouped by operator, the busiest first. */
  claimsByOperator = $derived.by((): OperatorClaims[] => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, rebuilt on every change
    const groups = new Map<string, OperatorClaims>();
    for (const ticket of this.tickets?.claimed ?? []) {
      if (!ticket.claimedBy) continue;
      let group = groups.get(ticket.claimedBy.id);
      if (!group) groups.set(ticket.claimedBy.id, (group = { operator: ticket.claimedBy, tickets: [] }));
      group.tickets.push(ticket);
    }
    return [...groups.values()].sort(
      (a, b) => b.tickets.length - a.tickets.length || a.operator.name.localeCompare(b.operator.name),
    );
  });

  /** Open calls, ringing ones first, then the longest running. */
  openCalls = $derived.by(() =>
    (this.calls ?? [])
      .filter((call) => call.status === 'RINGING' || call.status === 'ACTIVE')
      .sort(
        (a, b) =>
          (a.status === 'RINGING' ? 0 : 1) - (b.status === 'RINGING' ? 0 : 1) ||
          Date.parse(a.startedAt) - Date.parse(b.startedAt),
      ),
  );

  #source: WallboardSource;
  #debounceMs: number;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  #timers = new Map<Part, ReturnType<typeof setTimeout>>();
  #versions: Record<Part, number> = { static: 0, tickets: 0, calls: 0, metrics: 0 };
  #stopListening: (() => void) | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  #failed = new Set<Part>();

  #metricsDebounceMs: number;

  constructor(
    source: WallboardSource,
    { debounceMs = EVENT_DEBOUNCE_MS, metricsDebounceMs = METRICS_DEBOUNCE_MS } = {},
  ) {
    this.#source = source;
    this.#debounceMs = debounceMs;
    this.#metricsDebounceMs = metricsDebounceMs;
  }

  /** Starts listening and loads the full picture. Returns when the first load is done. */
  async start() {
    this.#stopListening ??= this.#source.subscribe((kind) => {
      if (kind === 'call') return this.#schedule('calls');
      this.#schedule('tickets');
      this.#schedule('metrics');
    });
    await this.reloadAll();
  }

  stop() {
    this.#stopListening?.();
    this.#stopListening = null;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Reloads everything (on start and after every reconnection: events sent meanwhile are lost). */
  async reloadAll() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([this.#load('static'), this.#load('tickets'), this.#load('calls')]);
    await this.#load('metrics');
  }

  #schedule(part: Part) {
    if (this.#timers.has(part)) return;
    this.#timers.set(
      part,
      setTimeout(
        () => {
          this.#timers.delete(part);
          void this.#load(part);
        },
        part === 'metrics' ? this.#metricsDebounceMs : this.#debounceMs,
      ),
    );
  }

  async #load(part: Part) {
    // Only the latest load of a part may write it, so a slow old answer never overwrites a newer one.
    const version = ++this.#versions[part];
    try {
      if (part === 'static') {
        const picture = await this.#source.loadStatic();
        if (version !== this.#versions[part]) return;
        this.me = picture.me;
        this.queues = picture.queues;
      } else if (part === 'tickets') {
        const picture = await this.#source.loadTickets();
        if (version !== this.#versions[part]) return;
        this.tickets = picture;
      } else if (part === 'metrics') {
        const metrics = await this.#source.loadMetrics();
        if (version !== this.#versions[part]) return;
        this.metrics = metrics;
      } else {
        const calls = await this.#source.loadCalls();
        if (version !== this.#versions[part]) return;
        this.calls = calls;
      }
      this.#failed.delete(part);
    } catch (error) {
      if (version !== this.#versions[part]) return;
      if (error instanceof UnauthenticatedError) this.unauthenticated = true;
      // The figures are optional: without them the tiles say so, but the live picture is not stale.
      if (part === 'metrics') this.metrics = null;
      else this.#failed.add(part);
    }
    this.stale = this.#failed.size > 0;
    if (!this.stale) this.updatedAt = Date.now();
  }
}
