import type { Call, CallDirection } from '@sportello/db';
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import { requireStaff } from './access.ts';
import type { Viewer } from './identity.ts';
import { commitTicketChange, recordCallLinked } from './tickets.ts';

function publishCall(call: Call): Call {
  pubsub.publish('callEvent', { callId: call.id });
  return call;
}

/** Phone numbers compared by their digits, so "+39 0341 282327" finds "0341282327". */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^(00)?39(?=\d{6,})/, '');

export async function findContactByPhone(phone: string) {
  const digits = phoneDigits(phone);
  if (digits.length < 6) return null;
  const [contact] = await db.$queryRaw<Array<{ id: string; customerId: string; name: string }>>`
    SELECT id, "customerId", name FROM "Contact"
    WHERE regexp_replace(phone, '[^0-9]', '', 'g') IN (${digits}, ${'39' + digits}, ${'0039' + digits})
    ORDER BY "createdAt" LIMIT 1`;
  return contact ?? null;
}

/** A call reaches the switchboard: it rings for everyone, matched to a known contact when the number is known. */
export async function startCall(
  viewer: Viewer,
  input: { direction: CallDirection; callerNumber: string; callerName?: string | null },
) {
  requireStaff(viewer);
  const contact = await findContactByPhone(input.callerNumber);
  const outbound = input.direction === 'OUTBOUND';
  const call = await db.call.create({
    data: {
      direction: input.direction,
      callerNumber: input.callerNumber.trim(),
      callerName: input.callerName?.trim() || contact?.name || null,
      contactId: contact?.id ?? null,
      customerId: contact?.customerId ?? null,
      // An operator placing a call is on it from the start.
      status: outbound ? 'ACTIVE' : 'RINGING',
      operatorId: outbound ? viewer.id : null,
      answeredAt: outbound ? new Date() : null,
    },
  });
  return publishCall(call);
}

/** Of several operators picking up the same ringing call, one gets it. */
export async function answerCall(viewer: Viewer, callId: string) {
  requireStaff(viewer);
  const { count } = await db.call.updateMany({
    where: { id: callId, status: 'RINGING' },
    data: { status: 'ACTIVE', operatorId: viewer.id, answeredAt: new Date(), version: { increment: 1 } },
  });
  if (count === 0) {
    const call = await db.call.findUnique({
      where: { id: callId },
      include: { operator: { select: { id: true, name: true } } },
    });
    if (!call) throw notFound('Call');
    if (call.status === 'ACTIVE' && call.operator) {
      throw new AppError('CALL_ALREADY_ANSWERED', `${call.operator.name} has already answered this call.`, {
        operator: call.operator,
      });
    }
    throw new AppError('INVALID_CALL_STATE', `The call is ${call.status.toLowerCase()} and cannot be answered.`, {
      status: call.status,
    });
  }
  return publishCall(await db.call.findUniqueOrThrow({ where: { id: callId } }));
}

/** Hanging up: an answered call ends; one nobody answered is recorded as missed. */
export async function endCall(viewer: Viewer, callId: string) {
  requireStaff(viewer);
  const now = new Date();
  const [answered, unanswered] = await db.$transaction([
    db.call.updateMany({
      where: { id: callId, status: 'ACTIVE' },
      data: { status: 'ENDED', endedAt: now, version: { increment: 1 } },
    }),
    db.call.updateMany({
      where: { id: callId, status: 'RINGING' },
      data: { status: 'MISSED', endedAt: now, version: { increment: 1 } },
    }),
  ]);
  if (answered.count + unanswered.count === 0) {
    const call = await db.call.findUnique({ where: { id: callId } });
    if (!call) throw notFound('Call');
    throw new AppError('INVALID_CALL_STATE', 'The call has already ended.', { status: call.status });
  }
  return publishCall(await db.call.findUniqueOrThrow({ where: { id: callId } }));
}

/** Links a call to the ticket it was about; both the call panel and the ticket's timeline hear of it. */
export async function linkCallToTicket(viewer: Viewer, callId: string, ticketId: string) {
  requireStaff(viewer);
  const now = new Date();
  const change = await commitTicketChange(async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket) throw notFound('Ticket');
    const call = await tx.call.findUnique({ where: { id: callId } });
    if (!call) throw notFound('Call');
    await tx.call.update({
      where: { id: callId },
      data: { ticketId, customerId: call.customerId ?? ticket.customerId, version: { increment: 1 } },
    });
    return recordCallLinked(tx, viewer, ticket, callId, now);
  });
  publishCall(await db.call.findUniqueOrThrow({ where: { id: callId } }));
  return change;
}
