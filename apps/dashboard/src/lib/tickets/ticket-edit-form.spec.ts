import { describe, expect, it } from 'vitest';
import { ticketDetail, ticketEditOptions } from '$lib/components/tickets/factories';
import { TicketEditForm } from './ticket-edit-form.svelte';

describe('TicketEditForm', () => {
  it('changes nothing until something is changed, whitespace aside', () => {
    const form = new TicketEditForm(ticketDetail(), ticketEditOptions());
    form.subject = ` ${form.subject} `;

    expect(form.validate()).toBe(true);
    expect(form.changes()).toEqual({});
  });

  it('sends only the fields changed, trimmed, with cleared choices as null', () => {
    const ticket = ticketDetail({
      assessedPriority: 2,
      category: { id: 'cat-printers', name: 'Stampanti' },
      assignee: { id: 'user-marco', name: 'Marco Ferri' },
    });
    const form = new TicketEditForm(ticket, ticketEditOptions());
    form.assessedPriority = '';
    form.assigneeId = '';
    form.categoryId = '';
    form.requestedPriority = 3;
    form.description = '  La stampante segnala un inceppamento: sostituito il rullo.  ';

    expect(form.changes()).toEqual({
      assessedPriority: null,
      assigneeId: null,
      categoryId: null,
      requestedPriority: 3,
      description: 'La stampante segnala un inceppamento: sostituito il rullo.',
    });
  });

  it('assesses the priority as a number of stars and assigns a technician', () => {
    const form = new TicketEditForm(ticketDetail(), ticketEditOptions());
    form.assessedPriority = '0';
    form.assigneeId = 'user-anna';

    expect(form.changes()).toEqual({ assessedPriority: 0, assigneeId: 'user-anna' });
  });

  it('offers the categories of the queue chosen, and drops the category when the queue changes', () => {
    const form = new TicketEditForm(
      ticketDetail({ category: { id: 'cat-printers', name: 'Stampanti' } }),
      ticketEditOptions(),
    );
    expect(form.categories.map((category) => category.id)).toEqual(['cat-printers', 'cat-network']);

    form.chooseQueue('queue-sw');

    expect(form.categories.map((category) => category.id)).toEqual(['cat-erp']);
    expect(form.changes()).toEqual({ queueId: 'queue-sw', categoryId: null });
  });

  it('offers the staff only, by name, and keeps choices that were deactivated meanwhile', () => {
    const form = new TicketEditForm(
      ticketDetail({
        queue: { id: 'queue-old', name: 'VECCHIA CODA' },
        category: { id: 'cat-old', name: 'Vecchia categoria' },
        assignee: { id: 'user-gone', name: 'Bruno Esposito' },
      }),
      ticketEditOptions(),
    );

    expect(form.staff.map((person) => person.name)).toEqual([
      'Anna Conti',
      'Bruno Esposito',
      'Giulia Rossi',
      'Marco Ferri',
    ]);
    expect(form.queues.map((queue) => queue.id)).toEqual(['queue-old', 'queue-it', 'queue-sw']);
    expect(form.categories.map((category) => category.id)).toEqual(['cat-old']);
    expect(form.changes()).toEqual({});
  });

  it('records who accepted a paid intervention, only where one is asked for', () => {
    const paid = new TicketEditForm(ticketDetail({ paidIntervention: true }), ticketEditOptions());
    paid.paidAgreedBy = ' Mario Bianchi ';
    expect(paid.changes()).toEqual({ paidAgreedBy: 'Mario Bianchi' });

    const covered = new TicketEditForm(ticketDetail({ paidIntervention: false }), ticketEditOptions());
    covered.paidAgreedBy = 'Mario Bianchi';
    expect(covered.changes()).toEqual({});
  });

  it('finds the mistakes the API would refuse, by field', () => {
    const form = new TicketEditForm(ticketDetail({ paidIntervention: true }), ticketEditOptions());
    form.subject = 'ok';
    form.placeAndWhat = ' ';
    form.description = 'Breve';
    form.paidAgreedBy = 'M';

    expect(form.validate()).toBe(false);
    expect(form.errors).toEqual({
      subject: 'ticketEdit.errors.subject',
      placeAndWhat: 'ticketEdit.errors.placeAndWhat',
      description: 'ticketEdit.errors.description',
      paidAgreedBy: 'ticketEdit.errors.paidAgreedBy',
    });
  });
});
