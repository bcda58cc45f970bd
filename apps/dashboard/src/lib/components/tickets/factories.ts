import type {
  NoteData,
  TicketDetailData,
  TicketEditOptionsData,
  TicketEventData,
  TicketRowData,
  TransitionOptionData,
} from '$lib/tickets/documents';
import type { AttachmentItem } from './AttachmentList.svelte';

let sequence = 0;
const nextId = () => `id-${++sequence}`;

export function ticketRow(overrides: Partial<TicketRowData> = {}): TicketRowData {
  return {
    id: nextId(),
    code: 'HT00191',
    subject: 'Stampante del protocollo non stampa',
    status: 'NEW',
    priority: 2,
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    queue: { id: 'queue-it', name: 'INTERVENTO TECNICO' },
    claimedBy: null,
    ...overrides,
  };
}

export function transitionOption(overrides: Partial<TransitionOptionData> = {}): TransitionOptionData {
  return {
    to: 'IN_PROGRESS',
    requiresSolution: false,
    requiresNote: false,
    acceptsNote: false,
    requiresScheduledAt: false,
    acceptsScheduledAt: false,
    ...overrides,
  };
}

export function ticketEvent(overrides: Partial<TicketEventData> = {}): TicketEventData {
  return {
    id: nextId(),
    type: 'CREATED',
    field: null,
    fromValue: null,
    toValue: null,
    internal: false,
    noteId: null,
    createdAt: '2026-11-23T08:00:00.000Z',
    actor: { id: 'user-giulia', name: 'Giulia Rossi' },
    ...overrides,
  };
}

export function note(overrides: Partial<NoteData> = {}): NoteData {
  return {
    id: nextId(),
    visibility: 'INTERNAL',
    body: 'Richiamato il cliente, in attesa del tecnico.',
    createdAt: '2026-11-23T09:00:00.000Z',
    author: { id: 'user-giulia', name: 'Giulia Rossi' },
    attachments: [],
    ...overrides,
  };
}

export function attachment(overrides: Partial<AttachmentItem> = {}): AttachmentItem {
  const id = overrides.id ?? 'attachment-1';
  return { id, fileName: 'foto.jpg', contentType: 'image/jpeg', size: 2048, url: `/files/${id}`, ...overrides };
}

export function ticketDetail(overrides: Partial<TicketDetailData> = {}): TicketDetailData {
  return {
    id: nextId(),
    code: 'HT00191',
    number: 191,
    subject: 'Stampante del protocollo non stampa',
    status: 'AWAITING_INPUT',
    version: 3,
    channel: 'PHONE',
    requestedPriority: 1,
    assessedPriority: null,
    priority: 1,
    placeAndWhat: 'Ufficio protocollo, stampante HP',
    description: 'La stampante segnala un inceppamento ma non ci sono fogli bloccati.',
    solution: null,
    scheduledAt: null,
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:30:00.000Z',
    paidIntervention: false,
    paidAgreedBy: null,
    paidAgreedAt: null,
    claimedAt: '2026-11-23T08:30:00.000Z',
    queue: { id: 'queue-it', name: 'INTERVENTO TECNICO' },
    category: null,
    claimedBy: { id: 'user-giulia', name: 'Giulia Rossi' },
    assignee: null,
    rating: null,
    customer: null,
    contact: null,
    allowedTransitions: [],
    events: [],
    notes: [],
    attachments: [],
    reminders: [],
    sla: null,
    ...overrides,
  };
}

/** Queues with their categories and users (staff and one customer), as the ticket editor is offered them. */
export function ticketEditOptions(overrides: Partial<TicketEditOptionsData> = {}): TicketEditOptionsData {
  return {
    queues: [
      {
        id: 'queue-it',
        name: 'INTERVENTO TECNICO',
        categories: [
          { id: 'cat-printers', name: 'Stampanti' },
          { id: 'cat-network', name: 'Rete' },
        ],
      },
      { id: 'queue-sw', name: 'SOFTWARE', categories: [{ id: 'cat-erp', name: 'Gestionale' }] },
    ],
    users: [
      { id: 'user-marco', name: 'Marco Ferri', role: 'OPERATOR' },
      { id: 'user-giulia', name: 'Giulia Rossi', role: 'OPERATOR' },
      { id: 'user-anna', name: 'Anna Conti', role: 'SUPERVISOR' },
      { id: 'user-customer', name: 'Cliente Portale', role: 'CUSTOMER' },
    ],
    ...overrides,
  };
}
