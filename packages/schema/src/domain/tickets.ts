import { Prisma } from '@sportello/db';
import type { Channel, ContractState, NoteVisibility, Role, Ticket, TicketEvent, TicketStatus } from '@sportello/db';
import { db } from '../db.ts';
import { AppError, forbidden, notFound, validationError } from '../errors.ts';
import { pubsub } from '../pubsub.ts';
import { canSeeTicket, isSupervisor, requireStaff } from './access.ts';
import type { Viewer } from './identity.ts';
import { automationScheduleSql } from './automation/schedule.ts';
import { announcePendingMails, mailMarkSql } from './mail/outbox.ts';
import { checkTransition, STATUSES_NEEDING_PAID_AGREEMENT, timestampsFor } from './lifecycle.ts';

type Tx = Prisma.TransactionClient;

/** What one committed change leaves behind: the ticket as it now is and the one timeline entry describing it. */
export interface TicketChange {
  ticket: Ticket;
  event: TicketEvent;
}

/**
 * Runs a change in one transaction and publishes its event only once the transaction committed, so subscribers
 * never hear of a change that was rolled back.
 */
async function commitTicketChange(change: (tx: Tx) => Promise<TicketChange>): Promise<TicketChange> {
  const { mailsPending, ...result } = await db.$transaction(async (tx) => {
    const committed = await change(tx);
    // Recorded with the change itself: the automation worker looks at the ticket again (SLA clocks, auto-close),
    // and the outbox writer writes the mails it sends to the customer (see mail/outbox.ts). One statement for
    // both (PostgreSQL runs an INSERT in a WITH whether or not the statement reads it): each one costs the client.
    const schedule = automationScheduleSql(committed.ticket.id, committed.event.createdAt);
    const mailMark = mailMarkSql([committed.event]);
    await tx.$executeRaw(mailMark ? Prisma.sql`WITH "scheduled" AS (${schedule}) ${mailMark}` : schedule);
    return { ...committed, mailsPending: mailMark !== null };
  });
  if (mailsPending) announcePendingMails();
  pubsub.publish('ticketEvent', {
    eventId: result.event.id,
    ticketId: result.ticket.id,
    queueId: result.ticket.queueId,
    customerId: result.ticket.customerId,
    type: result.event.type,
    internal: result.event.internal,
  });
  return result;
}

function requirePaidAgreement(ticket: Pick<Ticket, 'paidIntervention' | 'paidAgreedAt'>, to: TicketStatus) {
  if (ticket.paidIntervention && !ticket.paidAgreedAt && STATUSES_NEEDING_PAID_AGREEMENT.includes(to)) {
    throw new AppError(
      'VALIDATION',
      'The customer has no active contract: record their agreement to a paid intervention first.',
      { issues: [{ field: 'paidAgreedBy', message: 'Agreement to the paid intervention is required.' }] },
    );
  }
}

async function findTicketForViewer(tx: Tx, viewer: Viewer, ticketId: string) {
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket || !canSeeTicket(viewer, ticket)) throw notFound('Ticket');
  return ticket;
}

/**
 * A conditional update touched no row: find out why, and say it in the client's terms. A newer version is the
 * reason whenever the client sent one; otherwise someone else took the ticket in charge in the meantime.
 */
async function explainRejectedWrite(tx: Tx, viewer: Viewer, ticketId: string, expectedVersion?: number | null) {
  const ticket = await tx.ticket.findUnique({
    where: { id: ticketId },
    include: { claimedBy: { select: { id: true, name: true } } },
  });
  if (!ticket || !canSeeTicket(viewer, ticket)) return notFound('Ticket');
  if (expectedVersion != null && ticket.version !== expectedVersion) return staleVersion(ticket.version);
  if (ticket.claimedBy && ticket.claimedBy.id !== viewer.id && !isSupervisor(viewer)) {
    return alreadyClaimed(ticket.claimedBy, ticket.claimedAt);
  }
  return staleVersion(ticket.version);
}

const staleVersion = (currentVersion: number) =>
  new AppError('STALE_VERSION', 'The ticket was changed in the meantime: reload it and try again.', { currentVersion });

const alreadyClaimed = (holder: { id: string; name: string }, claimedAt: Date | null) =>
  new AppError('TICKET_ALREADY_CLAIMED', `${holder.name} has already taken this ticket in charge.`, {
    claimedBy: holder,
    claimedAt: claimedAt?.toISOString() ?? null,
  });

// ---------------------------------------------------------------------------------------------------------------
// Creating

export interface CreateTicketInput {
  queueId: string;
  categoryId?: string | null;
  customerId?: string | null;
  contactId?: string | null;
  channel?: Channel | null;
  subject: string;
  placeAndWhat: string;
  description: string;
  requestedPriority?: number | null;
  assessedPriority?: number | null;
  /** Name of the person who agreed to pay, when the customer has no contract. */
  paidAgreedBy?: string | null;
  /** A customer without an active contract accepting, in the portal, that the assistance is a paid intervention. */
  acceptPaidIntervention?: boolean | null;
  /** Photos of the problem (already stored, see storage.ts), sent with the request itself. */
  attachments?: NoteAttachmentRecord[];
  /** Links the phone call the ticket was opened from. */
  callId?: string | null;
  /** Set when the request was solved during the call: the ticket is created claimed and DONE. */
  solution?: string | null;
}

const paidInterventionNotAccepted = () =>
  validationError([
    {
      field: 'acceptPaidIntervention',
      message:
        'Your organisation has no active contract: assistance is a paid intervention, to be agreed. ' +
        'Accept it to send the request.',
    },
  ]);

export async function createTicket(viewer: Viewer, input: CreateTicketInput, now = new Date()): Promise<TicketChange> {
  const asCustomer = !viewer.isStaff;
  if (asCustomer && (input.solution || input.assessedPriority != null || input.callId)) {
    throw forbidden('Customers cannot set the solution, the assessed priority or the call of a ticket.');
  }
  const customerId = asCustomer ? viewer.customerId : (input.customerId ?? null);
  const channel: Channel = asCustomer ? 'PORTAL' : (input.channel ?? 'PHONE');

  const change = await commitTicketChange(async (tx) => {
    // Customers open tickets as the contact they are; staff name one (or none) of the customer's contacts.
    const namedContactId = asCustomer ? null : (input.contactId ?? null);
    const refs = { ...input, customerId, contactId: namedContactId };
    const found = await readReferences(tx, refs);
    const issues = referenceIssues(refs, found, { queueMustBeActive: true });
    if (issues.length) throw validationError(issues);
    const contactId = asCustomer ? viewer.contactId : namedContactId;

    // No active contract ⇒ assistance is a paid intervention, which needs the customer's agreement.
    const paidIntervention = hasNoActiveContract(found);
    // In the portal the customers agree themselves, before submitting: the ticket records who did, and when.
    if (asCustomer && paidIntervention && input.acceptPaidIntervention !== true) throw paidInterventionNotAccepted();
    const paidAgreedBy = !paidIntervention ? null : asCustomer ? viewer.name : input.paidAgreedBy?.trim() || null;
    const solvedDuringCall = Boolean(input.solution);
    const status: TicketStatus = solvedDuringCall ? 'DONE' : 'NEW';
    if (solvedDuringCall) {
      const check = checkTransition('NEW', 'DONE', { solution: input.solution }, now);
      if (!check.ok) throw lifecycleError(check.error);
      requirePaidAgreement({ paidIntervention, paidAgreedAt: paidAgreedBy ? now : null }, 'DONE');
    }

    const ticket = await tx.ticket.create({
      data: {
        queueId: input.queueId,
        categoryId: input.categoryId ?? null,
        customerId,
        contactId,
        channel,
        subject: input.subject.trim(),
        placeAndWhat: input.placeAndWhat.trim(),
        description: input.description.trim(),
        requestedPriority: input.requestedPriority ?? 0,
        assessedPriority: input.assessedPriority ?? null,
        status,
        createdById: viewer.id,
        paidIntervention,
        paidAgreedBy,
        paidAgreedAt: paidAgreedBy ? now : null,
        solution: solvedDuringCall ? input.solution!.trim() : null,
        ...(solvedDuringCall ? { claimedById: viewer.id, claimedAt: now, ...timestampsFor('DONE', now) } : {}),
        // Staff opening a ticket from a call or an email have already answered the customer.
        firstResponseAt: !asCustomer && channel === 'PHONE' ? now : null,
        lastCustomerActivityAt: asCustomer ? now : null,
        createdAt: now,
      },
    });
    if (input.callId)
      await tx.call.update({ where: { id: input.callId }, data: { ticketId: ticket.id, version: { increment: 1 } } });
    if (input.attachments?.length) {
      await tx.attachment.createMany({
        data: input.attachments.map((file) => ({
          ...file,
          ticketId: ticket.id,
          uploadedById: viewer.id,
          createdAt: now,
        })),
      });
    }
    const event = await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: viewer.id,
        type: 'CREATED',
        field: 'status',
        toValue: status,
        data: {
          channel,
          ...(solvedDuringCall ? { solvedDuringCall: true } : {}),
          ...(input.callId ? { callId: input.callId } : {}),
          ...(asCustomer && paidAgreedBy ? { paidAgreedById: viewer.id } : {}),
          ...(input.attachments?.length ? { attachments: input.attachments.length } : {}),
        },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
  // The call now belongs to a ticket: the live call panel hears of it, as when a call is linked later.
  if (input.callId) pubsub.publish('callEvent', { callId: input.callId });
  return change;
}

// ---------------------------------------------------------------------------------------------------------------
// Claims ("presa in carico")

/**
 * Takes the ticket in charge. The conditional update is the lock: of any number of operators claiming at once,
 * PostgreSQL lets exactly one update the unclaimed row; the others see it claimed. A NEW ticket moves to
 * AWAITING_INPUT ("taken in charge, being evaluated") in the same change.
 */
export async function claimTicket(viewer: Viewer, ticketId: string, expectedVersion?: number | null, now = new Date()) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    let [ticket] = await tx.ticket.updateManyAndReturn({
      where: { id: ticketId, claimedById: null, ...(expectedVersion != null ? { version: expectedVersion } : {}) },
      data: { claimedById: viewer.id, claimedAt: now, version: { increment: 1 } },
    });
    if (!ticket) {
      const holder = await tx.ticket.findUnique({ where: { id: ticketId }, include: { claimedBy: true } });
      if (holder?.claimedBy) throw alreadyClaimed(holder.claimedBy, holder.claimedAt);
      throw await explainRejectedWrite(tx, viewer, ticketId, expectedVersion);
    }
    const startsEvaluation = ticket.status === 'NEW';
    if (startsEvaluation) {
      ticket = await tx.ticket.update({ where: { id: ticketId }, data: { status: 'AWAITING_INPUT' } });
    }
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        actorId: viewer.id,
        type: 'CLAIMED',
        field: 'claimedById',
        toValue: viewer.id,
        data: startsEvaluation ? { status: { from: 'NEW', to: 'AWAITING_INPUT' } } : undefined,
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

/** Gives the ticket back to the team. Only its holder may, or a supervisor. */
export async function releaseTicket(
  viewer: Viewer,
  ticketId: string,
  expectedVersion?: number | null,
  now = new Date(),
) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    const current = await findTicketForViewer(tx, viewer, ticketId);
    if (!current.claimedById) throw new AppError('NOT_CLAIMED', 'Nobody has taken this ticket in charge.');
    if (current.claimedById !== viewer.id && !isSupervisor(viewer)) {
      throw forbidden('Only the operator who took the ticket in charge, or a supervisor, can release it.');
    }
    const [ticket] = await tx.ticket.updateManyAndReturn({
      where: { id: ticketId, claimedById: current.claimedById, version: expectedVersion ?? current.version },
      data: { claimedById: null, claimedAt: null, version: { increment: 1 } },
    });
    if (!ticket) throw await explainRejectedWrite(tx, viewer, ticketId, expectedVersion);
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        actorId: viewer.id,
        type: 'RELEASED',
        field: 'claimedById',
        fromValue: current.claimedById,
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

/** Supervisors move a claim to another operator (or take it away with `operatorId = null`). */
export async function reassignTicket(
  viewer: Viewer,
  ticketId: string,
  operatorId: string | null,
  expectedVersion?: number | null,
  now = new Date(),
) {
  requireStaff(viewer);
  if (!isSupervisor(viewer)) throw forbidden('Only supervisors can reassign tickets.');
  return commitTicketChange(async (tx) => {
    const current = await findTicketForViewer(tx, viewer, ticketId);
    if (operatorId) {
      const operator = await tx.user.findUnique({ where: { id: operatorId } });
      if (!operator || !operator.active || operator.role === 'CUSTOMER') {
        throw validationError([{ field: 'operatorId', message: 'Choose an active member of the support staff.' }]);
      }
    }
    let [ticket] = await tx.ticket.updateManyAndReturn({
      where: { id: ticketId, version: expectedVersion ?? current.version },
      data: { claimedById: operatorId, claimedAt: operatorId ? now : null, version: { increment: 1 } },
    });
    if (!ticket) throw staleVersion((await tx.ticket.findUniqueOrThrow({ where: { id: ticketId } })).version);
    if (operatorId && ticket.status === 'NEW') {
      ticket = await tx.ticket.update({ where: { id: ticketId }, data: { status: 'AWAITING_INPUT' } });
    }
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        actorId: viewer.id,
        type: 'REASSIGNED',
        field: 'claimedById',
        fromValue: current.claimedById,
        toValue: operatorId,
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

export interface TransitionRequest {
  to: TicketStatus;
  expectedVersion: number;
  solution?: string | null;
  note?: string | null;
  /** Who may read the note; by default the customer does, except for a suspension (an internal matter). */
  noteVisibility?: NoteVisibility | null;
  scheduledAt?: Date | null;
}

function lifecycleError(error: Exclude<ReturnType<typeof checkTransition>, { ok: true }>['error']): AppError {
  if (error.code === 'VALIDATION') return validationError(error.issues);
  return new AppError(
    'INVALID_TRANSITION',
    `A ticket cannot go from ${error.from} to ${error.to}. Allowed: ${error.allowed.join(', ') || 'none'}.`,
    { from: error.from, to: error.to, allowed: error.allowed },
  );
}

/**
 * Moves a ticket through its lifecycle. Only its holder (or a supervisor) may; an unclaimed ticket is taken in
 * charge by whoever moves it. The update is conditional on the version and status that were checked, so two
 * operators moving the same ticket at once can never both win.
 */
export async function transitionTicket(viewer: Viewer, ticketId: string, request: TransitionRequest, now = new Date()) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    const current = await findTicketForViewer(tx, viewer, ticketId);
    if (current.version !== request.expectedVersion) throw staleVersion(current.version);
    if (current.claimedById && current.claimedById !== viewer.id && !isSupervisor(viewer)) {
      const holder = await tx.user.findUniqueOrThrow({ where: { id: current.claimedById } });
      throw alreadyClaimed(holder, current.claimedAt);
    }
    const check = checkTransition(current.status, request.to, request, now);
    if (!check.ok) throw lifecycleError(check.error);
    requirePaidAgreement(current, request.to);
    const { solution, note, scheduledAt } = check.value;

    // The note first: its SLA history entry is then already in the ticket row the update returns.
    const visibility = request.noteVisibility ?? (request.to === 'SUSPENDED' ? 'INTERNAL' : 'PUBLIC');
    const createdNote = note
      ? await tx.note.create({ data: { ticketId, authorId: viewer.id, visibility, body: note, createdAt: now } })
      : null;
    const [ticket] = await tx.ticket.updateManyAndReturn({
      where: { id: ticketId, version: current.version, status: current.status, claimedById: current.claimedById },
      data: {
        status: request.to,
        version: { increment: 1 },
        ...timestampsFor(request.to, now),
        ...(current.claimedById ? {} : { claimedById: viewer.id, claimedAt: now }),
        ...(solution !== undefined ? { solution } : {}),
        ...(scheduledAt !== undefined ? { scheduledAt } : {}),
        ...(request.to === 'DONE' && !current.firstResponseAt ? { firstResponseAt: now } : {}),
      },
    });
    if (!ticket) throw await explainRejectedWrite(tx, viewer, ticketId, request.expectedVersion);
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        actorId: viewer.id,
        type: 'STATUS_CHANGED',
        field: 'status',
        fromValue: current.status,
        toValue: request.to,
        data: {
          ...(createdNote ? { noteId: createdNote.id, noteVisibility: visibility } : {}),
          ...(scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
        },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Editing

export interface UpdateTicketInput {
  expectedVersion: number;
  queueId?: string | null;
  categoryId?: string | null;
  customerId?: string | null;
  contactId?: string | null;
  subject?: string | null;
  placeAndWhat?: string | null;
  description?: string | null;
  requestedPriority?: number | null;
  assessedPriority?: number | null;
  assigneeId?: string | null;
  paidAgreedBy?: string | null;
}

const editableFields = [
  'queueId',
  'categoryId',
  'customerId',
  'contactId',
  'subject',
  'placeAndWhat',
  'description',
  'requestedPriority',
  'assessedPriority',
  'assigneeId',
] as const;

/**
 * Edits a ticket's fields. Omitted fields stay as they are; `categoryId`, `contactId` and `assigneeId` may be set
 * to null to clear them. One UPDATED entry lists every field that changed.
 */
export async function updateTicket(viewer: Viewer, ticketId: string, input: UpdateTicketInput, now = new Date()) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    const current = await findTicketForViewer(tx, viewer, ticketId);
    if (current.version !== input.expectedVersion) throw staleVersion(current.version);
    for (const required of ['queueId', 'subject', 'placeAndWhat', 'description', 'requestedPriority'] as const) {
      if (input[required] === null)
        throw validationError([{ field: required, message: `${required} cannot be cleared.` }]);
    }

    const next = {
      queueId: input.queueId ?? current.queueId,
      categoryId: input.categoryId === undefined ? current.categoryId : input.categoryId,
      customerId: input.customerId === undefined ? current.customerId : input.customerId,
      contactId: input.contactId === undefined ? current.contactId : input.contactId,
      subject: input.subject?.trim() ?? current.subject,
      placeAndWhat: input.placeAndWhat?.trim() ?? current.placeAndWhat,
      description: input.description?.trim() ?? current.description,
      requestedPriority: input.requestedPriority ?? current.requestedPriority,
      assessedPriority: input.assessedPriority === undefined ? current.assessedPriority : input.assessedPriority,
      assigneeId: input.assigneeId === undefined ? current.assigneeId : input.assigneeId,
    };
    // Moving to another queue drops a category of the old one, unless a new category was given.
    if (next.queueId !== current.queueId && input.categoryId === undefined) next.categoryId = null;
    // Changing the customer drops a contact of the old one, unless a new contact was given.
    if (next.customerId !== current.customerId && input.contactId === undefined) next.contactId = null;

    const found = await readReferences(tx, next);
    // A ticket stays in its queue when the queue is closed to new tickets.
    const issues = referenceIssues(next, found, { queueMustBeActive: false });
    if (issues.length) throw validationError(issues);
    const paidIntervention = hasNoActiveContract(found);
    const agreement = input.paidAgreedBy?.trim()
      ? { paidAgreedBy: input.paidAgreedBy.trim(), paidAgreedAt: now }
      : paidIntervention
        ? {}
        : { paidAgreedBy: null, paidAgreedAt: null };

    const changes: Array<{ field: string; from: string | number | null; to: string | number | null }> = editableFields
      .filter((field) => next[field] !== current[field])
      .map((field) => ({ field, from: current[field], to: next[field] }));
    if (agreement.paidAgreedBy !== undefined && agreement.paidAgreedBy !== current.paidAgreedBy) {
      changes.push({ field: 'paidAgreedBy', from: current.paidAgreedBy, to: agreement.paidAgreedBy });
    }
    if (changes.length === 0) throw validationError([{ field: 'input', message: 'Nothing to change.' }]);

    const [ticket] = await tx.ticket.updateManyAndReturn({
      where: { id: ticketId, version: current.version },
      data: { ...next, ...agreement, paidIntervention, version: { increment: 1 } },
    });
    if (!ticket) throw await explainRejectedWrite(tx, viewer, ticketId, input.expectedVersion);
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        actorId: viewer.id,
        type: 'UPDATED',
        field: changes.map((change) => change.field).join(','),
        data: { changes },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

interface TicketReferences {
  queueId: string;
  categoryId?: string | null;
  customerId?: string | null;
  contactId?: string | null;
  assigneeId?: string | null;
  callId?: string | null;
}

/** What a ticket's references point to; null where there is no such row (or no reference). */
interface ReferencedRows {
  queueActive: boolean | null;
  categoryQueueId: string | null;
  customerContractState: ContractState | null;
  contactCustomerId: string | null;
  assigneeActive: boolean | null;
  assigneeRole: Role | null;
  callFound: boolean;
}

/**
 * Reads the rows a new or edited ticket points to in one statement: a transaction holds one connection, so
 * separate reads would each wait for the previous one, and every statement has a fixed cost in the client.
 */
async function readReferences(tx: Tx, refs: TicketReferences): Promise<ReferencedRows> {
  const [found] = await tx.$queryRaw<[ReferencedRows]>`
    SELECT q."active" AS "queueActive", c."queueId" AS "categoryQueueId",
           cu."contractState"::text AS "customerContractState", co."customerId" AS "contactCustomerId",
           u."active" AS "assigneeActive", u."role"::text AS "assigneeRole", ca."id" IS NOT NULL AS "callFound"
    FROM (VALUES (1)) AS "one"
    LEFT JOIN "Queue" q ON q."id" = ${refs.queueId}
    LEFT JOIN "Category" c ON c."id" = ${refs.categoryId ?? null}
    LEFT JOIN "Customer" cu ON cu."id" = ${refs.customerId ?? null}
    LEFT JOIN "Contact" co ON co."id" = ${refs.contactId ?? null}
    LEFT JOIN "User" u ON u."id" = ${refs.assigneeId ?? null}
    LEFT JOIN "Call" ca ON ca."id" = ${refs.callId ?? null}`;
  return found;
}

/** Every reference that points nowhere, or somewhere it may not (a category of another queue, say). */
function referenceIssues(
  refs: TicketReferences,
  found: ReferencedRows,
  { queueMustBeActive }: { queueMustBeActive: boolean },
) {
  const issues = [];
  if (found.queueActive === null || (queueMustBeActive && !found.queueActive)) {
    issues.push({ field: 'queueId', message: 'Choose an existing support queue.' });
  }
  if (refs.categoryId && found.categoryQueueId !== refs.queueId) {
    issues.push({ field: 'categoryId', message: 'The category does not belong to the chosen queue.' });
  }
  if (refs.customerId && !found.customerContractState) {
    issues.push({ field: 'customerId', message: 'Unknown customer.' });
  }
  // Every contact has a customer: contactCustomerId is null only when there is no such contact.
  if (refs.contactId && (found.contactCustomerId === null || found.contactCustomerId !== refs.customerId)) {
    issues.push({ field: 'contactId', message: 'The contact does not belong to the chosen customer.' });
  }
  if (refs.assigneeId && (!found.assigneeActive || found.assigneeRole === 'CUSTOMER')) {
    issues.push({ field: 'assigneeId', message: 'Choose an active member of the support staff.' });
  }
  if (refs.callId && !found.callFound) issues.push({ field: 'callId', message: 'Unknown call.' });
  return issues;
}

/** No active contract ⇒ assistance is a paid intervention. */
const hasNoActiveContract = (found: ReferencedRows) =>
  found.customerContractState !== null && found.customerContractState !== 'ACTIVE';

// ---------------------------------------------------------------------------------------------------------------
// Notes and reminders

export interface NoteAttachmentRecord {
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/**
 * Adds a note. Customers write only PUBLIC notes on their own tickets; a customer's note records their activity
 * (the SLA clock and the 7-day auto-close read it) and the first PUBLIC note by staff is the first response.
 */
export async function addNote(
  viewer: Viewer,
  input: { ticketId: string; visibility: NoteVisibility; body: string; attachments?: NoteAttachmentRecord[] },
  now = new Date(),
) {
  if (!viewer.isStaff && input.visibility !== 'PUBLIC') throw forbidden('Customers can only write public notes.');
  return commitTicketChange(async (tx) => {
    const current = await findTicketForViewer(tx, viewer, input.ticketId);
    const note = await tx.note.create({
      data: {
        ticketId: current.id,
        authorId: viewer.id,
        visibility: input.visibility,
        body: input.body.trim(),
        createdAt: now,
      },
    });
    if (input.attachments?.length) {
      await tx.attachment.createMany({
        data: input.attachments.map((file) => ({
          ...file,
          ticketId: current.id,
          noteId: note.id,
          uploadedById: viewer.id,
          createdAt: now,
        })),
      });
    }
    const ticket = await tx.ticket.update({
      where: { id: current.id },
      data: viewer.isStaff
        ? input.visibility === 'PUBLIC' && !current.firstResponseAt
          ? { firstResponseAt: now }
          : {}
        : { lastCustomerActivityAt: now },
    });
    const event = await tx.ticketEvent.create({
      data: {
        ticketId: current.id,
        actorId: viewer.id,
        type: 'NOTE_ADDED',
        internal: input.visibility === 'INTERNAL',
        data: { noteId: note.id, attachments: input.attachments?.length ?? 0 },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

export async function addReminder(
  viewer: Viewer,
  input: { ticketId: string; dueAt: Date; text: string; ownerId?: string | null },
  now = new Date(),
) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    const ticket = await findTicketForViewer(tx, viewer, input.ticketId);
    const ownerId = input.ownerId ?? viewer.id;
    if (ownerId !== viewer.id) {
      const owner = await tx.user.findUnique({ where: { id: ownerId } });
      if (!owner || !owner.active || owner.role === 'CUSTOMER') {
        throw validationError([
          { field: 'ownerId', message: 'Reminders are for active members of the support staff.' },
        ]);
      }
    }
    const reminder = await tx.reminder.create({
      data: { ticketId: ticket.id, ownerId, dueAt: input.dueAt, text: input.text.trim(), createdAt: now },
    });
    const event = await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: viewer.id,
        type: 'REMINDER_ADDED',
        internal: true,
        data: { reminderId: reminder.id, dueAt: input.dueAt.toISOString() },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

export async function completeReminder(viewer: Viewer, reminderId: string, now = new Date()) {
  requireStaff(viewer);
  return commitTicketChange(async (tx) => {
    const reminder = await tx.reminder.findUnique({ where: { id: reminderId } });
    if (!reminder) throw notFound('Reminder');
    if (reminder.ownerId !== viewer.id && !isSupervisor(viewer))
      throw forbidden('This reminder belongs to a colleague.');
    // Completing twice at once must record one completion: the update only matches while it is not done.
    const { count } = await tx.reminder.updateMany({ where: { id: reminderId, doneAt: null }, data: { doneAt: now } });
    if (count === 0) throw validationError([{ field: 'reminderId', message: 'This reminder is already done.' }]);
    const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: reminder.ticketId } });
    const event = await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        actorId: viewer.id,
        type: 'REMINDER_COMPLETED',
        internal: true,
        data: { reminderId },
        createdAt: now,
      },
    });
    return { ticket, event };
  });
}

/** Records on the ticket's timeline that a call was linked to it (the call itself changes in calls.ts). */
export function recordCallLinked(
  tx: Tx,
  viewer: Viewer,
  ticket: Ticket,
  callId: string,
  now: Date,
): Promise<TicketChange> {
  return tx.ticketEvent
    .create({
      data: {
        ticketId: ticket.id,
        actorId: viewer.id,
        type: 'CALL_LINKED',
        internal: true,
        data: { callId },
        createdAt: now,
      },
    })
    .then((event) => ({ ticket, event }));
}

export { commitTicketChange };
