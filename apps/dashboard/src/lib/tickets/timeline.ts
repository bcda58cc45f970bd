import type { NoteData, TicketEventData } from './documents';

export type TimelineEntry =
  | { kind: 'event'; id: string; at: string; event: TicketEventData }
  | { kind: 'note'; id: string; at: string; note: NoteData };

/**
 * The ticket's events merged with its notes, oldest first. A NOTE_ADDED event is shown as the note itself, so each
 * note appears once, where it was added.
 */
export function mergeTimeline(events: readonly TicketEventData[], notes: readonly NoteData[]): TimelineEntry[] {
  const notesById = new Map(notes.map((note) => [note.id, note]));
  const shownNotes = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const note = event.noteId ? notesById.get(event.noteId) : undefined;
    if (event.type === 'NOTE_ADDED' && note) {
      shownNotes.add(note.id);
      entries.push({ kind: 'note', id: `note-${note.id}`, at: note.createdAt, note });
    } else {
      entries.push({ kind: 'event', id: `event-${event.id}`, at: event.createdAt, event });
    }
  }
  for (const note of notes) {
    if (!shownNotes.has(note.id)) entries.push({ kind: 'note', id: `note-${note.id}`, at: note.createdAt, note });
  }
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
