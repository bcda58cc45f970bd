import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminToken } from '$lib/admin/documents';
import { setupTestI18n } from '$lib/call/testing';
import { fakeUrqlClient } from '$lib/graphql/testing';
import TokensPanel from './TokensPanel.svelte';

const SECRET = 'spt_4f9c1e0b8d7a6e5f4c3b2a1908f7e6d5';

function tokenFactory(overrides: Partial<AdminToken> = {}): AdminToken {
  return {
    id: 'token-1',
    name: 'Centralino',
    prefix: 'spt_4f9c',
    scope: 'READ_WRITE',
    createdAt: '2026-11-23T10:00:00Z',
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    user: { id: 'user-1', name: 'Andrea Fumagalli' },
    ...overrides,
  };
}

describe('TokensPanel', () => {
  beforeAll(() => setupTestI18n());

  it('shows a new token’s secret once; afterwards only its prefix', async () => {
    const client = fakeUrqlClient({
      AdminTokens: () => ({ apiTokens: [] }),
      AdminCreateToken: (variables) => ({
        createApiToken: { token: SECRET, apiToken: tokenFactory({ name: String(variables.name) }) },
      }),
    });
    render(TokensPanel, { context: new Map([['$$_urql', client]]) });
    expect(await screen.findByText('Nessun token attivo.')).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText('Nome del token'), { target: { value: 'Centralino' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Crea token' }));

    expect(await screen.findByLabelText('Token segreto')).toHaveValue(SECRET);
    expect(client.mutation).toHaveBeenCalledWith(expect.anything(), { name: 'Centralino', scope: 'READ' });
    expect(screen.getByRole('row', { name: /Centralino/ })).toHaveTextContent('spt_4f9c…');

    await fireEvent.click(screen.getByRole('button', { name: /Ho copiato il token/ }));
    await waitFor(() => expect(screen.queryByLabelText('Token segreto')).not.toBeInTheDocument());
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.getByRole('row', { name: /Centralino/ })).toHaveTextContent('spt_4f9c…');
    expect(screen.getByLabelText('Nome del token')).toHaveFocus();
  });

  it('revokes a token after confirmation', async () => {
    const client = fakeUrqlClient({
      AdminTokens: () => ({ apiTokens: [tokenFactory()] }),
      AdminRevokeToken: () => ({ revokeApiToken: tokenFactory({ revokedAt: '2026-11-23T11:00:00Z' }) }),
    });
    const confirm = vi.fn(() => true);
    render(TokensPanel, { props: { confirm }, context: new Map([['$$_urql', client]]) });

    await fireEvent.click(await screen.findByRole('button', { name: 'Revoca il token Centralino (spt_4f9c…)' }));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Centralino'));
    expect(await screen.findByText('Token Centralino revocato.')).toBeInTheDocument();
    expect(screen.queryByRole('row', { name: /Centralino/ })).not.toBeInTheDocument();
  });
});
