import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '$lib/tickets/errors';
import { setupTestI18n } from '$lib/tickets/testing';
import { ticketDetail, ticketEditOptions } from './factories';
import TicketEditDialog from './TicketEditDialog.svelte';

function renderDialog(ticket = ticketDetail(), result: ApiError | undefined = undefined) {
  const onconfirm = vi.fn(async () => result);
  const onclose = vi.fn();
  render(TicketEditDialog, { ticket, options: ticketEditOptions(), onconfirm, onclose });
  return { onconfirm, onclose };
}

const choose = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('TicketEditDialog', () => {
  beforeAll(() => setupTestI18n());

  it('shows the ticket as it is, the assessed priority first', () => {
    renderDialog(ticketDetail({ assessedPriority: 2, assignee: { id: 'user-marco', name: 'Marco Ferri' } }));

    expect(screen.getByRole('dialog', { name: 'Modifica HT00191' })).toBeInTheDocument();
    expect(screen.getByLabelText('Priorità valutata')).toHaveFocus();
    expect(screen.getByLabelText('Priorità valutata')).toHaveValue('2');
    expect(screen.getByLabelText('Tecnico incaricato')).toHaveValue('user-marco');
    expect(screen.getByLabelText('Coda')).toHaveValue('queue-it');
    expect(screen.getByLabelText('Oggetto')).toHaveValue('Stampante del protocollo non stampa');
    const technicians = within(screen.getByLabelText('Tecnico incaricato')).getAllByRole('option');
    expect(technicians.map((option) => option.textContent)).not.toContain('Cliente Portale');
  });

  it('assesses the priority, assigns a technician and moves the ticket, sending only those', async () => {
    const { onconfirm, onclose } = renderDialog();

    await choose('Priorità valutata', '3');
    await choose('Tecnico incaricato', 'user-marco');
    await choose('Coda', 'queue-sw');
    await choose('Categoria', 'cat-erp');
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(onconfirm).toHaveBeenCalledWith({
      assessedPriority: 3,
      assigneeId: 'user-marco',
      queueId: 'queue-sw',
      categoryId: 'cat-erp',
    });
    expect(onclose).toHaveBeenCalled();
  });

  it('closes without saving when nothing changed', async () => {
    const { onconfirm, onclose } = renderDialog();

    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(onconfirm).not.toHaveBeenCalled();
    expect(onclose).toHaveBeenCalled();
  });

  it('shows a mistake beside its field and sends nothing', async () => {
    const { onconfirm } = renderDialog();

    await fireEvent.input(screen.getByLabelText('Descrizione'), { target: { value: 'Breve' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(onconfirm).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Descrizione')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Descrizione')).toHaveAccessibleDescription(
      'La descrizione deve avere almeno 10 caratteri.',
    );
  });

  it('asks who accepted the payment only for a paid intervention', async () => {
    renderDialog();
    expect(screen.queryByLabelText('Pagamento accettato da')).not.toBeInTheDocument();
  });

  it('records who accepted a paid intervention', async () => {
    const { onconfirm } = renderDialog(ticketDetail({ paidIntervention: true }));

    await fireEvent.input(screen.getByLabelText('Pagamento accettato da'), { target: { value: 'Mario Bianchi' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(onconfirm).toHaveBeenCalledWith({ paidAgreedBy: 'Mario Bianchi' });
  });

  it('stays open with what was chosen when someone else changed the ticket first', async () => {
    const stale: ApiError = { code: 'STALE_VERSION', message: 'Stale', extensions: { code: 'STALE_VERSION' } };
    const { onclose } = renderDialog(ticketDetail(), stale);

    await choose('Priorità valutata', '1');
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/modificato da qualcun altro/);
    expect(screen.getByLabelText('Priorità valutata')).toHaveValue('1');
    expect(onclose).not.toHaveBeenCalled();
  });

  it('lists the fields the API refused', async () => {
    const refused: ApiError = {
      code: 'VALIDATION',
      message: 'Invalid input.',
      extensions: { code: 'VALIDATION', issues: [{ field: 'assigneeId', message: 'No such active staff member.' }] },
    };
    renderDialog(ticketDetail(), refused);

    await choose('Tecnico incaricato', 'user-anna');
    await fireEvent.click(screen.getByRole('button', { name: 'Salva' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('assigneeId: No such active staff member.');
  });

  it('closes on Escape and on Annulla', async () => {
    const { onclose } = renderDialog();

    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await fireEvent.click(screen.getByRole('button', { name: 'Annulla' }));

    expect(onclose).toHaveBeenCalledTimes(2);
  });
});
