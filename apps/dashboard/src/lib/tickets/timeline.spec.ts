import { describe, expect, it } from 'vitest';
import { note, ticketEvent } from '$lib/components/tickets/factories';
import { mergeTimeline } from './timeline';

describe('mergeTimeline', () => {
  it('merges events and notes oldest first, showing each note once in place of its event', () => {
    const added = note({ id: 'n1', createdAt: '2026-11-23T09:00:00.000Z' });
    const entries = mergeTimeline(
      [
        ticketEvent({ id: 'e2', type: 'NOTE_ADDED', noteId: 'n1', createdAt: '2026-11-23T09:00:00.000Z' }),
        ticketEvent({ id: 'e1', type: 'CREATED', createdAt: '2026-11-23T08:00:00.000Z' }),
        ticketEvent({ id: 'e3', type: 'CLAIMED', createdAt: '2026-11-23T10:00:00.000Z' }),
      ],
      [added],
    );

    expect(entries.map((entry) => entry.id)).toEqual(['event-e1', 'note-n1', 'event-e3']);
  });
});
