import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import { note, ticketEvent } from './factories';
import TicketTimeline from './TicketTimeline.svelte';

describe('TicketTimeline', () => {
  beforeAll(() => setupTestI18n());

  it('names the fields an edit changed in the reader’s language', () => {
    render(TicketTimeline, {
      props: {
        events: [
          ticketEvent({ type: 'UPDATED', field: 'assessedPriority,assigneeId', createdAt: '2026-11-23T09:00:00.000Z' }),
          ticketEvent({ type: 'UPDATED', field: 'rating', toValue: '5', createdAt: '2026-11-23T10:00:00.000Z' }),
        ],
        notes: [],
      },
    });

    const entries = screen.getAllByRole('listitem');
    expect(entries[0]).toHaveTextContent('Modificato priorità valutata, tecnico incaricato');
    expect(entries[1]).toHaveTextContent('Modificato valutazione del cliente → 5');
  });

  it('shows a status change and a note where each happened', () => {
    render(TicketTimeline, {
      props: {
        events: [
          ticketEvent({
            type: 'STATUS_CHANGED',
            field: 'status',
            fromValue: 'NEW',
            toValue: 'IN_PROGRESS',
            createdAt: '2026-11-23T11:00:00.000Z',
          }),
        ],
        notes: [note({ body: 'Richiamato il cliente.', createdAt: '2026-11-23T10:00:00.000Z' })],
      },
    });

    const entries = screen.getAllByRole('listitem');
    expect(entries[0]).toHaveTextContent('Richiamato il cliente.');
    expect(entries[1]).toHaveTextContent('Stato: Nuovo → In esecuzione');
  });
});
