import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/call/testing';
import PriorityStars from './PriorityStars.svelte';

const checked = () => screen.getAllByRole('radio').find((radio) => radio.getAttribute('aria-checked') === 'true');

describe('PriorityStars', () => {
  beforeAll(() => setupTestI18n());

  it('is a labelled radio group of 0–3 stars with one tab stop', () => {
    render(PriorityStars, { value: 2, label: 'Priorità richiesta' });

    expect(screen.getByRole('radiogroup', { name: 'Priorità richiesta' })).toBeInTheDocument();
    const radios = screen.getAllByRole('radio');
    expect(radios.map((radio) => radio.getAttribute('aria-label'))).toEqual([
      'Nessuna stella',
      '1 stella',
      '2 stelle',
      '3 stelle',
    ]);
    expect(checked()).toHaveAccessibleName('2 stelle');
    expect(radios.filter((radio) => radio.tabIndex === 0)).toEqual([radios[2]]);
  });

  it('moves and selects with the arrow keys, Home, End and digits, keeping the focus on the choice', async () => {
    render(PriorityStars, { value: 0 });
    const group = screen.getByRole('radiogroup');

    screen.getAllByRole('radio')[0].focus();
    await fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(checked()).toHaveAccessibleName('1 stella');
    expect(document.activeElement).toBe(checked());

    await fireEvent.keyDown(group, { key: 'ArrowUp' });
    expect(checked()).toHaveAccessibleName('2 stelle');

    await fireEvent.keyDown(group, { key: 'End' });
    expect(checked()).toHaveAccessibleName('3 stelle');

    await fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(checked()).toHaveAccessibleName('Nessuna stella');

    await fireEvent.keyDown(group, { key: 'ArrowLeft' });
    expect(checked()).toHaveAccessibleName('3 stelle');

    await fireEvent.keyDown(group, { key: 'Home' });
    expect(checked()).toHaveAccessibleName('Nessuna stella');

    await fireEvent.keyDown(group, { key: '2' });
    expect(checked()).toHaveAccessibleName('2 stelle');
    expect(document.activeElement).toBe(checked());
    expect(checked()!.tabIndex).toBe(0);
  });

  it('selects on click and shows an error linked to the group', async () => {
    render(PriorityStars, { value: 0, error: 'Da 0 a 3 stelle.' });

    await fireEvent.click(screen.getByRole('radio', { name: '3 stelle' }));
    expect(checked()).toHaveAccessibleName('3 stelle');
    expect(screen.getByRole('radiogroup')).toHaveAccessibleDescription('Da 0 a 3 stelle.');
  });
});
