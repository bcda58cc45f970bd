import { describe, expect, it } from 'vitest';
import { loadedTicketOf, type SlaTicketRow } from './tickets.ts';

const at = (time: string) => new Date(`2026-01-12T${time}:00.000Z`);
const ms = (time: string) => at(time).getTime();

function row(slaHistory: Array<Record<string, string | number>>, fields: Partial<SlaTicketRow> = {}): SlaTicketRow {
  return {
    id: 't1',
    queueId: 'q1',
    customerId: null,
    status: 'IN_PROGRESS',
    requestedPriority: 1,
    assessedPriority: null,
    claimedById: 'u1',
    createdAt: at('09:00'),
    firstResponseAt: null,
    lastCustomerActivityAt: null,
    version: 3,
    queue: { autoCloseDays: 7 },
    customer: null,
    slaHistory,
    ...fields,
  };
}

describe('loadedTicketOf', () => {
  it('replays status changes in the order they happened, whatever order they were appended in', () => {
    const loaded = loadedTicketOf(
      row([
        {
          at: ms('11:00'),
          id: '03',
          type: 'STATUS_CHANGED',
          field: 'status',
          to: 'RESCHEDULED',
          scheduledAt: '2026-01-13T09:00:00.000Z',
        },
        { at: ms('09:00'), id: '01', type: 'CREATED', field: 'status', to: 'NEW' },
        { at: ms('10:00'), id: '02b', type: 'STATUS_CHANGED', field: 'status', to: 'IN_PROGRESS' },
        { at: ms('10:00'), id: '02a', type: 'CLAIMED', field: 'claimedById', to: 'u1', claimTo: 'AWAITING_INPUT' },
      ]),
    );
    expect(loaded.history.initialStatus).toBe('NEW');
    expect(loaded.history.statusChanges).toEqual([
      { at: at('10:00'), from: 'NEW', to: 'AWAITING_INPUT' },
      { at: at('10:00'), from: 'AWAITING_INPUT', to: 'IN_PROGRESS' },
      { at: at('11:00'), from: 'IN_PROGRESS', to: 'RESCHEDULED', scheduledAt: new Date('2026-01-13T09:00:00.000Z') },
    ]);
    expect(loaded.statusSince).toEqual(at('11:00'));
  });

  it('takes a reassignment of a NEW ticket as leaving NEW, and of a claimed one as nothing', () => {
    const reassignedNew = loadedTicketOf(
      row([
        { at: ms('09:00'), id: '01', type: 'CREATED', field: 'status', to: 'NEW' },
        { at: ms('09:10'), id: '02', type: 'REASSIGNED', field: 'claimedById', to: 'u2' },
        { at: ms('09:20'), id: '03', type: 'REASSIGNED', field: 'claimedById', to: 'u3' },
      ]),
    );
    expect(reassignedNew.history.statusChanges).toEqual([{ at: at('09:10'), from: 'NEW', to: 'AWAITING_INPUT' }]);
  });

  it('counts staff and customer replies, with the first response and the last customer activity kept on the row', () => {
    const loaded = loadedTicketOf(
      row(
        [
          { at: ms('09:00'), id: '01', type: 'CREATED', field: 'status', to: 'NEW' },
          { at: ms('10:30'), note: 'customer' },
          { at: ms('10:00'), note: 'agent' },
        ],
        { firstResponseAt: at('09:05'), lastCustomerActivityAt: at('11:00') },
      ),
    );
    expect(loaded.history.agentResponses).toEqual([at('10:00'), at('09:05')]);
    expect(loaded.history.customerMessages).toEqual([at('10:30'), at('11:00')]);
    expect(loaded.lastStaffPublicNoteAt).toEqual(at('10:00'));
    expect(loaded.lastCustomerMessageAt).toEqual(at('11:00'));
    expect(loaded.ticket).not.toHaveProperty('slaHistory');
  });
});
