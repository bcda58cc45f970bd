import { act, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { customerFactory, setupTestI18n } from '$lib/call/testing';
import CustomerLookup from './CustomerLookup.svelte';

const comune = customerFactory({ name: 'Comune di Sant’Ambrogio Lario' });
const farmacia = customerFactory({ name: 'Farmacia Sironi', contractState: 'EXPIRED', paidInterventionRequired: true });

async function typeAndWait(input: HTMLElement, value: string) {
  await fireEvent.input(input, { target: { value } });
  await act(() => vi.advanceTimersByTimeAsync(300));
}

describe('CustomerLookup', () => {
  beforeAll(() => setupTestI18n());
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('searches after a pause and selects a result with the keyboard', async () => {
    const search = vi.fn(async () => [comune, farmacia]);
    const onselect = vi.fn();
    render(CustomerLookup, { search, onselect });
    const input = screen.getByRole('combobox', { name: /Cerca cliente/ });

    await fireEvent.input(input, { target: { value: 'S' } });
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(search).not.toHaveBeenCalled();

    await typeAndWait(input, 'Sir');
    expect(search).toHaveBeenCalledExactlyOnceWith('Sir');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 risultati');
    expect(input).toHaveAttribute('aria-activedescendant', options[0].id);
    expect(options[1]).toHaveTextContent('Contratto scaduto');

    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input).toHaveAttribute('aria-activedescendant', options[1].id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');

    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledExactlyOnceWith(farmacia);
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('');
  });

  it('wraps with the arrow keys, closes with Escape and selects on click', async () => {
    const onselect = vi.fn();
    render(CustomerLookup, { search: async () => [comune, farmacia], onselect });
    const input = screen.getByRole('combobox');
    await typeAndWait(input, 'co');

    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');

    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(onselect).not.toHaveBeenCalled();

    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.click(screen.getByRole('option', { name: /Comune/ }));
    expect(onselect).toHaveBeenCalledExactlyOnceWith(comune);
  });

  it('says when nothing matches', async () => {
    render(CustomerLookup, { search: async () => [], onselect: vi.fn() });
    await typeAndWait(screen.getByRole('combobox'), 'zzz');
    expect(screen.getByText('Nessun cliente trovato.')).toBeInTheDocument();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });
});
