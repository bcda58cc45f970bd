import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SignedInUser } from '$lib/auth/session';
import { setupTestI18n } from '$lib/tickets/testing';
import TopBar from './TopBar.svelte';

const user = (overrides: Partial<SignedInUser> = {}): SignedInUser => ({
  id: 'user-giulia',
  name: 'Giulia Rossi',
  email: 'giulia.rossi@sportello.demo',
  role: 'OPERATOR',
  locale: 'IT',
  ...overrides,
});

describe('TopBar', () => {
  beforeAll(() => setupTestI18n());

  it('shows the operator the workspace links, not the administration', () => {
    render(TopBar, { user: user(), connectionStatus: 'connected', onlogout: vi.fn() });

    const nav = screen.getByRole('navigation', { name: 'Navigazione principale' });
    expect(nav).toHaveTextContent('Ticket');
    expect(screen.getByRole('link', { name: 'Nuova chiamata' })).toHaveAttribute('href', '/call/new');
    expect(screen.getByRole('link', { name: 'Wallboard' })).toHaveAttribute('href', '/wallboard');
    expect(screen.queryByRole('link', { name: 'Amministrazione' })).not.toBeInTheDocument();
    expect(screen.getByText('Giulia Rossi')).toBeInTheDocument();
  });

  it('adds the administration for supervisors', () => {
    render(TopBar, { user: user({ role: 'SUPERVISOR' }), connectionStatus: 'connected', onlogout: vi.fn() });

    expect(screen.getByRole('link', { name: 'Amministrazione' })).toHaveAttribute('href', '/admin');
  });

  it('shows the live connection state and signs out', async () => {
    const onlogout = vi.fn();
    render(TopBar, { user: user(), connectionStatus: 'disconnected', onlogout });

    expect(screen.getByRole('status')).toHaveTextContent('Connessione persa');
    screen.getByRole('button', { name: 'Esci' }).click();
    expect(onlogout).toHaveBeenCalled();
  });
});
