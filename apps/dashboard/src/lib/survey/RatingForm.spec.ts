import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/portal/testing';
import RatingForm from './RatingForm.svelte';

describe('RatingForm', () => {
  beforeAll(() => setupTestI18n());

  it('offers 1–5 stars as a labelled radio group and sends the score with the trimmed comment', async () => {
    const sent: [number, string][] = [];
    render(RatingForm, {
      onsubmit: async (score: number, comment: string) => {
        sent.push([score, comment]);
        return undefined;
      },
    });
    const group = screen.getByRole('group', { name: 'Il tuo voto' });
    expect(group).toBeInTheDocument();
    const radios = screen.getAllByRole('radio');
    expect(radios.map((radio) => radio.getAttribute('aria-label'))).toEqual([
      '1 stella su 5',
      '2 stelle su 5',
      '3 stelle su 5',
      '4 stelle su 5',
      '5 stelle su 5',
    ]);

    await fireEvent.click(screen.getByRole('radio', { name: '4 stelle su 5' }));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Commento (facoltativo)' }), {
      target: { value: '  Veloci e gentili.  ' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Invia valutazione' }));
    expect(sent).toEqual([[4, 'Veloci e gentili.']]);
  });

  it('asks for a score before sending, and moves the focus to the stars', async () => {
    const sent: number[] = [];
    render(RatingForm, {
      onsubmit: async (score: number) => {
        sent.push(score);
        return undefined;
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Invia valutazione' }));
    expect(sent).toEqual([]);
    expect(screen.getByRole('alert')).toHaveTextContent('Scegli un voto da 1 a 5.');
    expect(screen.getByRole('group', { name: 'Il tuo voto' })).toHaveAccessibleDescription('Scegli un voto da 1 a 5.');
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1 stella su 5' }));
  });

  it('shows the error the sender returns', async () => {
    render(RatingForm, { onsubmit: async () => 'Impossibile inviare la valutazione.' });
    await fireEvent.click(screen.getByRole('radio', { name: '2 stelle su 5' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Invia valutazione' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Impossibile inviare la valutazione.');
  });
});
