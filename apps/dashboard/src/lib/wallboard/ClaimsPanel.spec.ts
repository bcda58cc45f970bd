import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import ClaimsPanel from './ClaimsPanel.svelte';
import { setupTestI18n, ticketFactory } from './factories';

describe('ClaimsPanel', () => {
  beforeAll(setupTestI18n);

  it('shows each operator with the tickets they hold and their status', () => {
    const giulia = { id: 'u1', name: 'Giulia Rossi' };
    render(ClaimsPanel, {
      groups: [
        {
          operator: giulia,
          tickets: [
            ticketFactory({ code: 'HT00001', status: 'IN_PROGRESS', claimedBy: giulia }),
            ticketFactory({ code: 'HT00002', status: 'AWAITING_INPUT', claimedBy: giulia }),
          ],
        },
      ],
    });
    const group = screen.getByTestId('operator-claims');
    expect(group).toHaveTextContent('Giulia Rossi');
    expect(group).toHaveTextContent('2 tickets');
    expect(group).toHaveTextContent('HT00001 In progress');
    expect(group).toHaveTextContent('HT00002 Awaiting input');
  });

  it('summarises what does not fit', () => {
    const op = { id: 'u1', name: 'Luca Ferrari' };
    render(ClaimsPanel, {
      groups: [{ operator: op, tickets: Array.from({ length: 7 }, () => ticketFactory({ claimedBy: op })) }],
      perOperator: 5,
    });
    expect(screen.getByText('+2')).toBeInTheDocument();
  });

  it('says when nobody holds a ticket', () => {
    render(ClaimsPanel, { groups: [] });
    expect(screen.getByText('No ticket taken in charge')).toBeInTheDocument();
  });
});
