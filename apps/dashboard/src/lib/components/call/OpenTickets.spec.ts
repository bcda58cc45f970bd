import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openTicketFactory, setupTestI18n } from '$lib/call/testing';
import OpenTickets from './OpenTickets.svelte';

const TICKETS = [
  openTicketFactory({ code: 'HT00191', subject: 'Stampante del protocollo non stampa' }),
  openTicketFactory({ code: 'HT00187', subject: 'Rete lenta in biblioteca', status: 'RESCHEDULED' }),
];

describe('OpenTickets', () => {
  beforeAll(() => setupTestI18n());

  it('lists the customer’s open requests, each linking to its page', () => {
    render(OpenTickets, { tickets: TICKETS, canLink: true, onlink: vi.fn() });

    expect(screen.getByRole('heading', { name: 'Richieste aperte del cliente (2)' })).toBeInTheDocument();
    const [first, second] = screen.getAllByTestId('open-ticket');
    expect(within(first!).getByRole('link', { name: 'HT00191' })).toHaveAttribute('href', '/tickets/HT00191');
    expect(first).toHaveTextContent('Stampante del protocollo non stampa');
    expect(second).toHaveTextContent('Nuova data');
  });

  it('records the call on the ticket chosen, one at a time', async () => {
    let finish: () => void = () => {};
    const onlink = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(OpenTickets, { tickets: TICKETS, canLink: true, onlink });

    await fireEvent.click(screen.getByRole('button', { name: 'Registra la chiamata sul ticket HT00187' }));

    expect(onlink).toHaveBeenCalledWith(TICKETS[1]);
    expect(screen.getByRole('button', { name: 'Registra la chiamata sul ticket HT00191' })).toBeDisabled();
    finish();
    await vi.waitFor(() =>
      expect(screen.getByRole('button', { name: 'Registra la chiamata sul ticket HT00191' })).toBeEnabled(),
    );
  });

  it('only informs when there is no call to record', () => {
    render(OpenTickets, { tickets: TICKETS, canLink: false, onlink: vi.fn() });

    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('open-ticket')).toHaveLength(2);
  });

  it('says so when the customer has no open request', () => {
    render(OpenTickets, { tickets: [], canLink: true, onlink: vi.fn() });

    expect(screen.getByRole('heading', { name: 'Richieste aperte del cliente' })).toBeInTheDocument();
    expect(screen.getByText('Il cliente non ha richieste aperte.')).toBeInTheDocument();
  });
});
