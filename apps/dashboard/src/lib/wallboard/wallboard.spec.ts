import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callFactory, metricsFactory, staticFactory, ticketFactory, ticketsFactory } from './factories';
import { UnauthenticatedError, type WallboardSource } from './types';
import { WallboardState } from './wallboard.svelte';

type Loaders = Pick<WallboardSource, 'loadStatic' | 'loadTickets' | 'loadCalls' | 'loadMetrics'>;

/** A source whose answers and events the test controls. */
function fakeSource(overrides: Partial<Loaders> = {}) {
  let emit: ((kind: 'ticket' | 'call') => void) | null = null;
  const unsubscribe = vi.fn();
  const source = {
    loadStatic: vi.fn(overrides.loadStatic ?? (async () => staticFactory())),
    loadTickets: vi.fn(overrides.loadTickets ?? (async () => ticketsFactory())),
    loadCalls: vi.fn(overrides.loadCalls ?? (async () => [callFactory()])),
    loadMetrics: vi.fn(overrides.loadMetrics ?? (async () => metricsFactory())),
    subscribe: vi.fn((onEvent: (kind: 'ticket' | 'call') => void) => {
      emit = onEvent;
      return unsubscribe;
    }),
  } satisfies WallboardSource;
  return { source, unsubscribe, emit: (kind: 'ticket' | 'call') => emit!(kind) };
}

describe('WallboardState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the full picture and subscribes on start', async () => {
    const { source } = fakeSource();
    const state = new WallboardState(source);
    await state.start();

    expect(source.subscribe).toHaveBeenCalledOnce();
    expect(state.me?.name).toBe('Francesca Riva');
    expect(state.queues).toHaveLength(1);
    expect(state.tickets).toEqual(ticketsFactory());
    expect(state.openCalls).toHaveLength(1);
    expect(state.metrics).toEqual(metricsFactory());
    expect(state.stale).toBe(false);
    expect(state.updatedAt).not.toBeNull();
  });

  it('reloads the figures on ticket events, and does not call the board stale when they fail', async () => {
    const { source, emit } = fakeSource();
    const state = new WallboardState(source, { debounceMs: 100, metricsDebounceMs: 2000 });
    await state.start();
    source.loadMetrics.mockRejectedValue(new Error('Cannot query field "metrics"'));

    emit('ticket');
    await vi.advanceTimersByTimeAsync(100);
    expect(source.loadTickets).toHaveBeenCalledTimes(2);
    expect(source.loadMetrics).toHaveBeenCalledTimes(1); // the figures wait longer
    await vi.advanceTimersByTimeAsync(1900);

    expect(source.loadMetrics).toHaveBeenCalledTimes(2);
    expect(state.metrics).toBeNull();
    expect(state.stale).toBe(false);
  });

  it('gathers a burst of ticket events into one reload of the tickets, within the debounce', async () => {
    const { source, emit } = fakeSource();
    const state = new WallboardState(source, { debounceMs: 150 });
    await state.start();
    source.loadTickets.mockClear();
    source.loadCalls.mockClear();
    const claimed = ticketFactory({ claimedBy: { id: 'u1', name: 'Giulia Rossi' } });
    source.loadTickets.mockResolvedValue(ticketsFactory({ claimed: [claimed] }));

    for (let i = 0; i < 10; i++) emit('ticket');
    await vi.advanceTimersByTimeAsync(149);
    expect(source.loadTickets).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(source.loadTickets).toHaveBeenCalledOnce();
    expect(source.loadCalls).not.toHaveBeenCalled();
    expect(state.claimsByOperator).toEqual([{ operator: { id: 'u1', name: 'Giulia Rossi' }, tickets: [claimed] }]);
  });

  it('reloads only the calls on a call event', async () => {
    const { source, emit } = fakeSource();
    const state = new WallboardState(source, { debounceMs: 100 });
    await state.start();
    source.loadTickets.mockClear();
    source.loadCalls.mockResolvedValue([]);

    emit('call');
    emit('call');
    await vi.advanceTimersByTimeAsync(100);

    expect(source.loadCalls).toHaveBeenCalledTimes(2); // the start, then one for the burst
    expect(source.loadTickets).not.toHaveBeenCalled();
    expect(state.openCalls).toEqual([]);
  });

  it('keeps only the newest answer when loads overlap', async () => {
    const resolvers: ((value: ReturnType<typeof ticketsFactory>) => void)[] = [];
    const { source } = fakeSource({
      loadTickets: () => new Promise((resolve) => resolvers.push(resolve)),
    });
    const state = new WallboardState(source);
    const first = state.reloadAll();
    const second = state.reloadAll();
    const newer = ticketsFactory({ unclaimed: [ticketFactory({ code: 'HT00002' })] });
    resolvers[1]!(newer);
    resolvers[0]!(ticketsFactory({ unclaimed: [ticketFactory({ code: 'HT00001' })] }));
    await Promise.all([first, second]);

    expect(state.tickets?.unclaimed[0]?.code).toBe('HT00002');
  });

  it('marks the picture stale while loads fail, and clears it once a full reload works', async () => {
    const { source } = fakeSource();
    const state = new WallboardState(source);
    await state.start();
    const before = state.tickets;

    source.loadTickets.mockRejectedValueOnce(new Error('Network'));
    await state.reloadAll();
    expect(state.stale).toBe(true);
    expect(state.tickets).toBe(before); // the last picture stays on screen

    await state.reloadAll();
    expect(state.stale).toBe(false);
  });

  it('reports a missing session', async () => {
    const { source } = fakeSource({ loadStatic: () => Promise.reject(new UnauthenticatedError()) });
    const state = new WallboardState(source);
    await state.start();
    expect(state.unauthenticated).toBe(true);
  });

  it('sorts open calls ringing first then oldest, and drops ended ones', async () => {
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const { source } = fakeSource({
      loadCalls: async () => [
        callFactory({ id: 'active-old', status: 'ACTIVE', startedAt: at(0) }),
        callFactory({ id: 'ringing-new', status: 'RINGING', startedAt: at(30) }),
        callFactory({ id: 'ended', status: 'ENDED', startedAt: at(-100) }),
        callFactory({ id: 'ringing-old', status: 'RINGING', startedAt: at(10) }),
      ],
    });
    const state = new WallboardState(source);
    await state.start();
    expect(state.openCalls.map((c) => c.id)).toEqual(['ringing-old', 'ringing-new', 'active-old']);
  });

  it('groups claimed tickets by operator, the busiest first', async () => {
    const giulia = { id: 'u1', name: 'Giulia Rossi' };
    const marco = { id: 'u2', name: 'Marco Bianchi' };
    const { source } = fakeSource({
      loadTickets: async () =>
        ticketsFactory({
          claimed: [
            ticketFactory({ claimedBy: giulia }),
            ticketFactory({ claimedBy: marco }),
            ticketFactory({ claimedBy: marco }),
          ],
        }),
    });
    const state = new WallboardState(source);
    await state.start();
    expect(state.claimsByOperator.map((g) => [g.operator.name, g.tickets.length])).toEqual([
      ['Marco Bianchi', 2],
      ['Giulia Rossi', 1],
    ]);
  });

  it('stops listening and cancels pending reloads on stop', async () => {
    const { source, emit, unsubscribe } = fakeSource();
    const state = new WallboardState(source);
    await state.start();
    source.loadTickets.mockClear();
    emit('ticket');
    state.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(unsubscribe).toHaveBeenCalledOnce();
    expect(source.loadTickets).not.toHaveBeenCalled();
  });
});
