import type { NoteData, TicketEventData, TicketRowData, TransitionOptionData } from '$lib/tickets/documents';
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
