import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import '$lib/survey/i18n';
import type { ApiError } from '$lib/tickets/errors';
import { setupTestI18n } from '$lib/tickets/testing';
import CustomerRating from './CustomerRating.svelte';

const RATING = {
  id: 'rating-1',
  score: 4,
  comment: 'Tecnico gentile e veloce.',
  createdAt: '2026-11-24T10:00:00.000Z',
  source: 'SURVEY' as const,
  contact: { id: 'contact-1', name: 'Laura Mauri' },
};

describe('CustomerRating', () => {
  beforeAll(() => setupTestI18n());

  it('shows the customer’s rating, its comment, where it came from and who gave it', () => {
    render(CustomerRating, { rating: RATING, rateable: true, onrate: vi.fn() });

    const section = screen.getByRole('region', { name: 'Valutazione del cliente' });
    expect(section).toHaveTextContent('★★★★☆');
    expect(section).toHaveTextContent('4 stelle su 5');
    expect(section).toHaveTextContent('Tecnico gentile e veloce.');
    expect(section).toHaveTextContent('Dal questionario · Laura Mauri');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('lets staff record a rating given by phone on a closed ticket', async () => {
    const onrate = vi.fn(async () => undefined);
    render(CustomerRating, { rating: null, rateable: true, onrate });

    await fireEvent.click(screen.getByLabelText('5 stelle su 5'));
    await fireEvent.input(screen.getByLabelText('Commento (facoltativo)'), { target: { value: ' Ottimo ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Invia valutazione' }));

    expect(onrate).toHaveBeenCalledWith(5, 'Ottimo');
  });

  it('shows why a rating was refused', async () => {
    const refused: ApiError = { code: 'ALREADY_RATED', message: 'This ticket already has a rating.', extensions: {} };
    render(CustomerRating, { rating: null, rateable: true, onrate: vi.fn(async () => refused) });

    await fireEvent.click(screen.getByLabelText('3 stelle su 5'));
    await fireEvent.click(screen.getByRole('button', { name: 'Invia valutazione' }));

    expect(await screen.findByText('This ticket already has a rating.')).toBeInTheDocument();
  });

  it('offers nothing while the ticket cannot be rated', () => {
    render(CustomerRating, { rating: null, rateable: false, onrate: vi.fn() });

    expect(screen.queryByTestId('customer-rating')).not.toBeInTheDocument();
  });
});
