import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestI18n, ticketFactory } from './factories';
import UnclaimedPanel from './UnclaimedPanel.svelte';

const NOW = new Date('2026-11-23T10:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe('UnclaimedPanel', () => {
  beforeAll(setupTestI18n);
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('lists the tickets in the given order with their waiting time ticking', () => {
    render(UnclaimedPanel, {
      tickets: [
        ticketFactory({ code: 'HT00010', createdAt: ago(600), subject: 'Server fermo' }),
        ticketFactory({ code: 'HT00011', createdAt: ago(5) }),
      ],
    });
    const rows = screen.getAllByTestId('unclaimed');
    expect(rows.map((r) => r.dataset.code)).toEqual(['HT00010', 'HT00011']);
    expect(rows[0]).toHaveTextContent('Server fermo');
    expect(rows[0]).toHaveTextContent('SOFTWARE');
    expect(rows[0]).toHaveTextContent('10:00');

    vi.advanceTimersByTime(3000);
    flushSync();
    expect(rows[0]).toHaveTextContent('10:03');
    expect(rows[1]).toHaveTextContent('0:08');
  });

  it('says when every ticket is taken in charge', () => {
    render(UnclaimedPanel, { tickets: [] });
    expect(screen.getByText('Every ticket is taken in charge')).toBeInTheDocument();
  });
});
