import { render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ticketSla, slaTarget } from './sla-factories';
import SlaPanel from './SlaPanel.svelte';
import { setupTestI18n } from './testing';

const DUE = Date.parse('2026-11-23T10:45:00.000Z');
const MINUTE = 60_000;
const target = (name: string) => screen.getByTestId(`sla-target-${name}`);

describe('SlaPanel', () => {
  beforeEach(() => {
    setupTestI18n('en');
    vi.useFakeTimers({ now: DUE - 30 * MINUTE });
  });
  afterEach(() => vi.useRealTimers());

  it('shows the policy and each target’s state, due time and business time', () => {
    render(SlaPanel, { sla: ticketSla() });

    expect(screen.getByRole('heading', { name: 'SLA' })).toBeInTheDocument();
    expect(screen.getByText('Policy applied: Contratto Gold')).toBeInTheDocument();
    const first = target('firstResponse');
    expect(within(first).getByText('First response')).toBeInTheDocument();
    expect(within(first).getByText('Running')).toBeInTheDocument();
    expect(within(first).getByRole('timer')).toHaveTextContent('30:00 left');
    expect(within(first).getByText(/^Due: /)).toHaveAttribute('datetime', new Date(DUE).toISOString());
    expect(first).toHaveTextContent('Business time used 15:00 of 1:00:00 · 45:00 left');
    expect(target('nextResponse')).toHaveTextContent('Not running');
    expect(target('resolution')).toHaveTextContent('Business time used 15:00 of 8:00:00');
  });

  it('ticks locally: running, then at risk, then breached with the delay', () => {
    render(SlaPanel, { sla: ticketSla() });
    const first = target('firstResponse');

    vi.advanceTimersByTime(1000);
    flushSync();
    expect(within(first).getByRole('timer')).toHaveTextContent('29:59 left');

    vi.advanceTimersByTime(18 * MINUTE - 1000); // 12 minutes left: the policy's 20 % of one hour
    flushSync();
    expect(first).toHaveAttribute('data-state', 'AT_RISK');
    expect(within(first).getByText('At risk')).toBeInTheDocument();

    vi.advanceTimersByTime(12 * MINUTE + 5000);
    flushSync();
    expect(first).toHaveAttribute('data-state', 'BREACHED');
    expect(within(first).getByText('Breached')).toBeInTheDocument();
    expect(within(first).getByRole('timer')).toHaveTextContent('0:05 overdue');
    expect(target('resolution')).toHaveAttribute('data-state', 'RUNNING');
  });

  it('counts distant deadlines in days', () => {
    render(SlaPanel, {
      sla: ticketSla({
        firstResponse: slaTarget({ dueAt: new Date(DUE + 2 * 86_400_000 + 5 * 60_000).toISOString() }),
      }),
    });
    expect(within(target('firstResponse')).getByRole('timer')).toHaveTextContent('2 d 0:35:00 left');
  });

  it('shows the new state the server pushes', async () => {
    const { rerender } = render(SlaPanel, { sla: ticketSla() });
    await rerender({
      sla: ticketSla({
        firstResponse: slaTarget({ state: 'MET', stoppedAt: '2026-11-23T10:20:00.000Z', elapsedSeconds: 2100 }),
        resolution: slaTarget({ state: 'PAUSED', dueAt: null, targetSeconds: 8 * 3600, remainingSeconds: 27_000 }),
      }),
    });

    const first = target('firstResponse');
    expect(first).toHaveAttribute('data-state', 'MET');
    expect(within(first).getByText(/^Met on /)).toHaveAttribute('datetime', '2026-11-23T10:20:00.000Z');
    expect(within(first).queryByRole('timer')).toBeNull();
    expect(target('resolution')).toHaveTextContent('Paused');
    expect(target('resolution')).toHaveTextContent('The clock stands still');
  });

  it('says when the breach happened', () => {
    render(SlaPanel, {
      sla: ticketSla({
        firstResponse: slaTarget({
          state: 'BREACHED',
          breachedAt: new Date(DUE - 40 * MINUTE).toISOString(),
          elapsedSeconds: 4200,
          remainingSeconds: -600,
        }),
      }),
    });
    const first = target('firstResponse');
    expect(first).toHaveTextContent(/Breached on /);
    expect(within(first).getByRole('timer')).toHaveTextContent('10:00 overdue');
    expect(first).toHaveTextContent('Business time used 1:10:00 of 1:00:00');
    expect(first).not.toHaveTextContent('left');
  });

  it('says so when no policy applies, in Italian too', () => {
    setupTestI18n('it');
    render(SlaPanel, { sla: null });
    expect(screen.getByText('Nessuna politica SLA si applica a questo ticket.')).toBeInTheDocument();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops ticking once unmounted', () => {
    const { unmount } = render(SlaPanel, { sla: ticketSla() });
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
