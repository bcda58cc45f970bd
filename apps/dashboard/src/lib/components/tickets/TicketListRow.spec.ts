import { render, screen, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import { ticketRow } from './factories';
import TicketListRow from './TicketListRow.svelte';

function renderRow(ticket = ticketRow(), now = new Date('2026-11-23T11:30:00.000Z')) {
  const table = document.createElement('table');
  const tbody = table.appendChild(document.createElement('tbody'));
  document.body.appendChild(table);
  render(TicketListRow, { target: tbody, props: { ticket, now } });
  return screen.getByRole('row');
}

describe('TicketListRow', () => {
  beforeAll(() => setupTestI18n());

  it('links the code to the ticket page and shows subject, queue, status and priority', () => {
    const row = renderRow(
      ticketRow({ code: 'HT00052', subject: 'VPN: errore 809', status: 'IN_PROGRESS', priority: 3 }),
    );

    expect(within(row).getByRole('link', { name: 'HT00052' })).toHaveAttribute('href', '/tickets/HT00052');
    expect(row).toHaveTextContent('VPN: errore 809');
    expect(row).toHaveTextContent('INTERVENTO TECNICO');
    expect(within(row).getByText('In esecuzione')).toBeInTheDocument();
    expect(within(row).getByRole('img', { name: '3 stelle' })).toBeInTheDocument();
  });

  it('says who took the ticket in charge, or nobody', () => {
    const claimed = renderRow(ticketRow({ claimedBy: { id: 'u1', name: 'Marco Bianchi' } }));
    expect(claimed).toHaveTextContent('Marco Bianchi');
    document.body.innerHTML = '';

    const unclaimed = renderRow(ticketRow({ claimedBy: null }));
    expect(unclaimed).toHaveTextContent('Nessuno');
  });

  it('shows how long the ticket has been open', () => {
    const row = renderRow(ticketRow({ createdAt: '2026-11-23T08:00:00.000Z' }));

    expect(within(row).getByText('3 ore')).toHaveAttribute('datetime', '2026-11-23T08:00:00.000Z');
  });
});
