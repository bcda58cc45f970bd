import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import type { ApiError } from '$lib/tickets/errors';
import { transitionOption } from './factories';
import TransitionDialog from './TransitionDialog.svelte';

function renderDialog(option = transitionOption(), result: ApiError | undefined = undefined) {
  const onconfirm = vi.fn(async () => result);
  const onclose = vi.fn();
  render(TransitionDialog, { option, onconfirm, onclose });
  const user = {
    click: (element: HTMLElement) => fireEvent.click(element),
    type: (element: HTMLElement, text: string) =>
      fireEvent.input(element, { target: { value: `${(element as HTMLInputElement).value}${text}` } }),
    escape: () => fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' }),
  };
  return { onconfirm, onclose, user };
}

const cancelled = transitionOption({ to: 'CANCELLED', requiresNote: true, acceptsNote: true });
const rescheduled = transitionOption({ to: 'RESCHEDULED', requiresScheduledAt: true, acceptsScheduledAt: true });
const done = transitionOption({ to: 'DONE', requiresSolution: true });

describe('TransitionDialog', () => {
  beforeAll(() => setupTestI18n());

  it('names the target status in its title', () => {
    renderDialog(cancelled);

    expect(screen.getByRole('dialog', { name: 'Passa a «Annullato»' })).toBeInTheDocument();
  });

  it('does not cancel a ticket without a reason', async () => {
    const { onconfirm, user } = renderDialog(cancelled);

    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(onconfirm).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Motivo/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Campo obbligatorio')).toBeInTheDocument();
  });

  it('sends the reason as the note', async () => {
    const { onconfirm, onclose, user } = renderDialog(cancelled);

    await user.type(screen.getByLabelText(/^Motivo/), 'Il cliente ha risolto da solo');
    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(onconfirm).toHaveBeenCalledWith(
      expect.objectContaining({ to: 'CANCELLED', note: 'Il cliente ha risolto da solo', noteVisibility: 'INTERNAL' }),
    );
    expect(onclose).toHaveBeenCalled();
  });

  it('lets the operator share the note with the customer', async () => {
    const { onconfirm, user } = renderDialog(cancelled);

    await user.type(screen.getByLabelText(/^Motivo/), 'Intervento non più necessario');
    await user.click(screen.getByRole('radio', { name: /Pubblica/ }));
    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(onconfirm).toHaveBeenCalledWith(expect.objectContaining({ noteVisibility: 'PUBLIC' }));
  });

  it('requires a date to reschedule, and asks for nothing else', async () => {
    const { onconfirm, user } = renderDialog(rescheduled);

    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Conferma' }));
    expect(onconfirm).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText(/^Nuova data/), '2030-05-06T09:30');
    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(onconfirm).toHaveBeenCalledWith(
      expect.objectContaining({ to: 'RESCHEDULED', scheduledAt: new Date('2030-05-06T09:30').toISOString() }),
    );
  });

  it('requires a solution of at least ten characters to close a ticket', async () => {
    const { onconfirm, user } = renderDialog(done);

    await user.type(screen.getByLabelText(/Soluzione/), 'Fatto');
    await user.click(screen.getByRole('button', { name: 'Conferma' }));
    expect(onconfirm).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText(/Soluzione/), ': sostituito il toner');
    await user.click(screen.getByRole('button', { name: 'Conferma' }));
    expect(onconfirm).toHaveBeenCalledWith(
      expect.objectContaining({ to: 'DONE', solution: 'Fatto: sostituito il toner' }),
    );
  });

  it('stays open and explains a stale version', async () => {
    const stale: ApiError = { code: 'STALE_VERSION', message: 'Stale', extensions: { currentVersion: 4 } };
    const { onclose, user } = renderDialog(transitionOption({ to: 'IN_PROGRESS' }), stale);

    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('modificato da qualcun altro');
    expect(onclose).not.toHaveBeenCalled();
  });

  it('lists validation issues from the server', async () => {
    const invalid: ApiError = {
      code: 'VALIDATION',
      message: 'Invalid',
      extensions: { issues: [{ field: 'scheduledAt', message: 'deve essere nel futuro' }] },
    };
    const { user } = renderDialog(rescheduled, invalid);

    await user.type(screen.getByLabelText(/^Nuova data/), '2030-05-06T09:30');
    await user.click(screen.getByRole('button', { name: 'Conferma' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('scheduledAt: deve essere nel futuro');
  });

  it('closes with Escape', async () => {
    const { onclose, user } = renderDialog(cancelled);

    await user.escape();

    expect(onclose).toHaveBeenCalled();
  });
});
