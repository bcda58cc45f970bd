import { describe, expect, it } from 'vitest';
import { nearestSlaDeadlines } from './source';
import { ticketFactory } from './factories';

const target = (state: string, dueAt: string | null) => ({ state, dueAt });
const withSla = (id: string, sla: Parameters<typeof nearestSlaDeadlines>[0][number]['sla']) => ({
  ...ticketFactory({ id, code: id }),
  sla,
});

describe('nearestSlaDeadlines', () => {
  it('orders tickets by their earliest running deadline, overdue first', () => {
    const watch = nearestSlaDeadlines([
      withSla('HT1', {
        firstResponse: target('MET', '2026-01-01T08:00:00Z'),
        nextResponse: null,
        resolution: target('RUNNING', '2026-01-01T12:00:00Z'),
      }),
      withSla('HT2', {
        firstResponse: target('BREACHED', '2026-01-01T09:00:00Z'),
        nextResponse: null,
        resolution: target('RUNNING', '2026-01-02T09:00:00Z'),
      }),
      withSla('HT3', {
        firstResponse: target('AT_RISK', '2026-01-01T10:00:00Z'),
        nextResponse: null,
        resolution: null,
      }),
    ]);
    expect(watch.map((entry) => [entry.ticket.code, entry.dueAt])).toEqual([
      ['HT2', '2026-01-01T09:00:00Z'],
      ['HT3', '2026-01-01T10:00:00Z'],
      ['HT1', '2026-01-01T12:00:00Z'],
    ]);
  });

  it('leaves out tickets whose clocks are met or paused, tickets without SLA, and duplicates', () => {
    const paused = withSla('HT4', {
      firstResponse: target('MET', '2026-01-01T08:00:00Z'),
      nextResponse: null,
      resolution: target('PAUSED', null),
    });
    const running = withSla('HT5', {
      firstResponse: null,
      nextResponse: null,
      resolution: target('RUNNING', '2026-01-03T08:00:00Z'),
    });
    expect(
      nearestSlaDeadlines([paused, withSla('HT6', null), running, running]).map((entry) => entry.ticket.code),
    ).toEqual(['HT5']);
  });

  it('keeps only the most urgent few', () => {
    const many = Array.from({ length: 10 }, (_, index) =>
      withSla(`HT${index}`, {
        firstResponse: target('RUNNING', `2026-01-01T${String(10 + index).padStart(2, '0')}:00:00Z`),
        nextResponse: null,
        resolution: null,
      }),
    );
    expect(nearestSlaDeadlines(many, 3).map((entry) => entry.ticket.code)).toEqual(['HT0', 'HT1', 'HT2']);
  });
});
