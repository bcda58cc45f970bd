import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import NoteComposer from './NoteComposer.svelte';

function renderComposer() {
  const onsubmit = vi.fn(async () => undefined);
  const { container } = render(NoteComposer, { onsubmit });
  const form = container.querySelector('form') as HTMLFormElement;
  return { onsubmit, form };
}

describe('NoteComposer', () => {
  beforeAll(() => setupTestI18n());

  it('starts internal, saying so with a label and a hint', () => {
    const { form } = renderComposer();

    expect(screen.getByRole('radio', { name: /Interna/ })).toBeChecked();
    expect(form).toHaveAttribute('data-visibility', 'INTERNAL');
    expect(form).toHaveClass('visibility-internal');
    expect(screen.getByText(/il cliente non la vede/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Aggiungi nota' })).toBeInTheDocument();
  });

  it('switches to public: colour, hint and button all change', async () => {
    const { form } = renderComposer();

    await fireEvent.click(screen.getByRole('radio', { name: /Pubblica/ }));

    expect(form).toHaveAttribute('data-visibility', 'PUBLIC');
    expect(form).toHaveClass('visibility-public');
    expect(screen.getByText('Visibile al cliente.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Invia al cliente' })).toBeInTheDocument();
  });

  it('sends the note with the chosen visibility, then clears the text', async () => {
    const { onsubmit } = renderComposer();
    const body = screen.getByLabelText('Testo della nota');

    await fireEvent.click(screen.getByRole('radio', { name: /Pubblica/ }));
    await fireEvent.input(body, { target: { value: 'Il tecnico arriva domani alle 9.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Invia al cliente' }));

    expect(onsubmit).toHaveBeenCalledWith('PUBLIC', 'Il tecnico arriva domani alle 9.', []);
    await vi.waitFor(() => expect(body).toHaveValue(''));
  });

  it('cannot send an empty note', () => {
    renderComposer();

    expect(screen.getByRole('button', { name: 'Aggiungi nota' })).toBeDisabled();
  });
});
