import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import StatusBadge from './StatusBadge.svelte';

describe('StatusBadge', () => {
  beforeAll(() => setupTestI18n());

  it('shows the Italian label of the status', () => {
    render(StatusBadge, { status: 'AWAITING_INPUT' });

    expect(screen.getByText('In attesa di input')).toHaveAttribute('data-status', 'AWAITING_INPUT');
  });

  it('gives each status its own colour class', () => {
    render(StatusBadge, { status: 'COMPLAINT' });

    expect(screen.getByText('Reclamo')).toHaveClass('status-badge', 'status-complaint');
  });
});
