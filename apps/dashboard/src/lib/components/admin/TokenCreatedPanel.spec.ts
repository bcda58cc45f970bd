import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import '$lib/admin/i18n';
import { setupTestI18n } from '$lib/call/testing';
import TokenCreatedPanel from './TokenCreatedPanel.svelte';

const SECRET = 'spt_4f9c1e0b8d7a6e5f4c3b2a1908f7e6d5';

describe('TokenCreatedPanel', () => {
  beforeAll(() => setupTestI18n());

  it('shows the secret once, with a warning, and takes the focus', () => {
    render(TokenCreatedPanel, { name: 'Centralino', token: SECRET, ondismiss: vi.fn(), copy: vi.fn() });

    expect(screen.getByRole('heading', { name: 'Token «Centralino» creato' })).toHaveFocus();
    const secret = screen.getByLabelText('Token segreto');
    expect(secret).toHaveValue(SECRET);
    expect(secret).toHaveAttribute('readonly');
    expect(secret).toHaveAccessibleDescription(/non sarà più mostrato/);
  });

  it('copies the secret and says so', async () => {
    const copy = vi.fn(async () => {});
    render(TokenCreatedPanel, { name: 'Centralino', token: SECRET, ondismiss: vi.fn(), copy });

    await fireEvent.click(screen.getByRole('button', { name: 'Copia' }));
    expect(copy).toHaveBeenCalledExactlyOnceWith(SECRET);
    expect(await screen.findByRole('status')).toHaveTextContent('Copiato negli appunti.');
  });

  it('asks to copy by hand when the clipboard is unavailable', async () => {
    const copy = vi.fn(async () => {
      throw new Error('denied');
    });
    render(TokenCreatedPanel, { name: 'Centralino', token: SECRET, ondismiss: vi.fn(), copy });

    await fireEvent.click(screen.getByRole('button', { name: 'Copia' }));
    expect(await screen.findByText(/seleziona il testo e copialo a mano/)).toBeInTheDocument();
  });

  it('is dismissed by the operator', async () => {
    const ondismiss = vi.fn();
    render(TokenCreatedPanel, { name: 'Centralino', token: SECRET, ondismiss, copy: vi.fn() });

    await fireEvent.click(screen.getByRole('button', { name: /Ho copiato il token/ }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });
});
