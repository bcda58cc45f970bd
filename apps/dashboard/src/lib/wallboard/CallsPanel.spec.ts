import { render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import CallsPanel from './CallsPanel.svelte';
import { callFactory, setupTestI18n } from './factories';

const NOW = new Date('2026-11-23T10:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe('CallsPanel', () => {
  beforeAll(setupTestI18n);
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('shows caller, customer, operator and a duration that ticks every second', () => {
    const ringing = callFactory({ startedAt: ago(20), callerName: 'Laura Mauri' });
    const active = callFactory({
      status: 'ACTIVE',
      callerName: 'Giorgio Conti',
      startedAt: ago(130),
      answeredAt: ago(65),
      operator: { id: 'u1', name: 'Marco Bianchi' },
      customer: { id: 'c1', name: 'Lario Camper Rent s.r.l.' },
    });
    render(CallsPanel, { calls: [ringing, active] });

    const [first, second] = screen.getAllByTestId('call');
    expect(first).toHaveClass('ringing');
    expect(first).toHaveTextContent('Ringing');
    expect(first).toHaveTextContent('Laura Mauri');
    expect(first).toHaveTextContent('Nobody yet');
    // A ringing call counts from when it started…
    expect(within(first!).getByTestId('call-duration')).toHaveTextContent('0:20');
    expect(second).toHaveClass('active');
    expect(second).toHaveTextContent('Marco Bianchi');
    expect(second).toHaveTextContent('Lario Camper Rent s.r.l.');
    // …an active one from when it was answered.
    expect(within(second!).getByTestId('call-duration')).toHaveTextContent('1:05');

    vi.advanceTimersByTime(1000);
    flushSync();
    expect(within(first!).getByTestId('call-duration')).toHaveTextContent('0:21');
    expect(within(second!).getByTestId('call-duration')).toHaveTextContent('1:06');

    vi.advanceTimersByTime(60 * 60_000);
    flushSync();
    expect(within(second!).getByTestId('call-duration')).toHaveTextContent('1:01:06');
  });

  it('shows the number when the caller has no name, and a placeholder without a customer', () => {
    render(CallsPanel, { calls: [callFactory({ callerName: null, callerNumber: '+39 02 555', customer: null })] });
    const row = screen.getByTestId('call');
    expect(row).toHaveTextContent('+39 02 555');
    expect(row).toHaveTextContent('Customer not identified');
  });

  it('says when there is no open call', () => {
    render(CallsPanel, { calls: [] });
    expect(screen.getByText('No open calls')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /Open calls/ })).toBeInTheDocument();
  });

  it('summarises the calls that do not fit', () => {
    render(CallsPanel, { calls: Array.from({ length: 8 }, () => callFactory()), limit: 6 });
    expect(screen.getAllByTestId('call')).toHaveLength(6);
    expect(screen.getByText('2 more')).toBeInTheDocument();
  });
});
