import { act, render, screen } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDuration } from '$lib/call/call-timer.svelte';
import { setupTestI18n } from '$lib/call/testing';
import CallTimer from './CallTimer.svelte';

describe('CallTimer', () => {
  beforeAll(() => setupTestI18n());
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('ticks every second from when the call was answered', async () => {
    render(CallTimer, { since: '2026-11-23T09:59:05Z' });
    const timer = screen.getByTestId('call-timer');
    expect(timer).toHaveTextContent('0:55');

    await act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent('0:56');

    await act(() => vi.advanceTimersByTime(64_000));
    expect(timer).toHaveTextContent('2:00');
    expect(timer).toHaveAttribute('datetime', 'PT120S');
  });

  it('stops at the end of the call', async () => {
    render(CallTimer, { since: '2026-11-23T09:58:00Z', endedAt: '2026-11-23T09:59:30Z' });
    const timer = screen.getByTestId('call-timer');
    expect(timer).toHaveTextContent('1:30');

    await act(() => vi.advanceTimersByTime(10_000));
    expect(timer).toHaveTextContent('1:30');
  });

  it('has an accessible label', () => {
    render(CallTimer, { since: Date.now() });
    expect(screen.getByText(/Durata della chiamata/)).toBeInTheDocument();
  });

  it('formats hours, minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59_999)).toBe('0:59');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(-5)).toBe('0:00');
  });
});
