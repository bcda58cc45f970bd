import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestI18n } from './factories';
import SlaCountdown from './SlaCountdown.svelte';

const NOW = new Date('2026-11-23T10:00:00Z');
const inMinutes = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe('SlaCountdown', () => {
  beforeAll(setupTestI18n);
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('counts down every second', () => {
    render(SlaCountdown, { dueAt: inMinutes(45) });
    const countdown = screen.getByTestId('sla-countdown');
    expect(countdown).toHaveTextContent('45:00 left');

    vi.advanceTimersByTime(1000);
    flushSync();
    expect(countdown).toHaveTextContent('44:59 left');

    vi.advanceTimersByTime(59_000);
    flushSync();
    expect(countdown).toHaveTextContent('44:00 left');
    expect(countdown).toHaveClass('ok');
    expect(countdown).toHaveTextContent('On time');
  });

  it('turns "at risk" within the threshold, then "breached" past the deadline', () => {
    render(SlaCountdown, { dueAt: inMinutes(11), atRiskMs: 10 * 60_000 });
    const countdown = screen.getByTestId('sla-countdown');
    expect(countdown).toHaveClass('ok');

    vi.advanceTimersByTime(60_000);
    flushSync();
    expect(countdown).toHaveClass('at-risk');
    expect(countdown).toHaveAttribute('data-level', 'at-risk');
    expect(countdown).toHaveTextContent('At risk');
    expect(countdown).toHaveTextContent('10:00 left');

    vi.advanceTimersByTime(10 * 60_000 + 5000);
    flushSync();
    expect(countdown).toHaveClass('breached');
    expect(countdown).not.toHaveClass('at-risk');
    expect(countdown).toHaveTextContent('Breached');
    expect(countdown).toHaveTextContent('0:05 overdue');
  });

  it('shows hours for distant deadlines', () => {
    render(SlaCountdown, { dueAt: inMinutes(125) });
    expect(screen.getByTestId('sla-countdown')).toHaveTextContent('2:05:00 left');
  });

  it('stops ticking once unmounted', () => {
    const { unmount } = render(SlaCountdown, { dueAt: inMinutes(5) });
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
