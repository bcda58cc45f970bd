/**
 * What the demo data must look like, checked from the rows alone (as built by plan.ts or as read back from
 * the database), independently of how they were produced. Used by the tests; returns the problems found.
 */

/** The allowed moves, written out again on purpose (not imported from lifecycle.ts) so a mistake there shows. */
export const EDGES: Record<string, string[]> = {
  NEW: ['AWAITING_INPUT', 'DONE', 'CANCELLED'],
  AWAITING_INPUT: ['REQUEST_SENT', 'IN_PROGRESS', 'CHANGES_REQUESTED', 'DONE', 'CANCELLED'],
  REQUEST_SENT: ['IN_PROGRESS', 'RESCHEDULED', 'AWAITING_INPUT', 'CANCELLED'],
  IN_PROGRESS: ['DONE', 'RESCHEDULED', 'CHANGES_REQUESTED', 'SUSPENDED', 'CANCELLED', 'COMPLAINT'],
  RESCHEDULED: ['IN_PROGRESS', 'SUSPENDED', 'CANCELLED'],
  CHANGES_REQUESTED: ['AWAITING_INPUT', 'IN_PROGRESS', 'CANCELLED'],
  SUSPENDED: ['IN_PROGRESS', 'AWAITING_INPUT', 'CANCELLED'],
  COMPLAINT: ['IN_PROGRESS', 'DONE', 'CANCELLED'],
  DONE: ['COMPLAINT', 'AWAITING_INPUT'],
  CANCELLED: ['AWAITING_INPUT'],
};

export const ALL_STATUSES = Object.keys(EDGES);
export const ALL_CHANNELS = ['PHONE', 'EMAIL', 'PORTAL', 'CHAT', 'API'];
export const DEMO_QUEUE_NAMES = ['INTERVENTO TECNICO', 'AUTOVETTURA & CAMPER', 'COMPUTER & TELEFONI', 'SOFTWARE'];

export interface DemoData {
  users: { id: string; role: string; email: string }[];
  customers: { id: string; contractState: string; contractKind: string | null; contractEndsAt: Date | null }[];
  contacts: { id: string; customerId: string; userId: string | null; locale: string; phone: string | null }[];
  queues: { id: string; name: string; position: number; description: string | null }[];
  categories: { id: string; queueId: string }[];
  tickets: {
    id: string;
    number: number;
    queueId: string;
    categoryId: string | null;
    channel: string;
    status: string;
    requestedPriority: number;
    assessedPriority: number | null;
    claimedById: string | null;
    claimedAt: Date | null;
    customerId: string | null;
    paidIntervention: boolean;
    paidAgreedAt: Date | null;
    paidAgreedBy: string | null;
    scheduledAt: Date | null;
    solution: string | null;
    createdAt: Date;
    updatedAt: Date;
    firstResponseAt: Date | null;
    resolvedAt: Date | null;
    closedAt: Date | null;
    lastCustomerActivityAt: Date | null;
    subject: string;
    placeAndWhat: string;
    description: string;
  }[];
  events: {
    id: string;
    ticketId: string;
    type: string;
    field: string | null;
    fromValue: string | null;
    toValue: string | null;
    internal: boolean;
    createdAt: Date;
  }[];
  notes: { id: string; ticketId: string; visibility: string; body: string; createdAt: Date }[];
  reminders: { ticketId: string; dueAt: Date; doneAt: Date | null; createdAt: Date }[];
  calls: {
    status: string;
    operatorId: string | null;
    ticketId: string | null;
    startedAt: Date;
    answeredAt: Date | null;
    endedAt: Date | null;
  }[];
}

const WORK = ['REQUEST_SENT', 'IN_PROGRESS', 'RESCHEDULED', 'DONE'];

export function demoProblems(data: DemoData, now: Date): string[] {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);
  const t = (date: Date) => date.getTime();

  // Queues and categories
  const queues = [...data.queues].sort((a, b) => a.position - b.position);
  if (
    JSON.stringify(queues.map((queue) => [queue.position, queue.name])) !==
    JSON.stringify(DEMO_QUEUE_NAMES.map((name, index) => [index, name]))
  ) {
    problem(`queues are ${queues.map((queue) => `${queue.position}:${queue.name}`).join(', ')}`);
  }
  for (const queue of queues) {
    const count = data.categories.filter((category) => category.queueId === queue.id).length;
    if (count < 3 || count > 5) problem(`queue ${queue.name} has ${count} categories`);
    if (!queue.description) problem(`queue ${queue.name} has no description`);
  }

  // People
  for (const role of ['OPERATOR', 'SUPERVISOR', 'ADMIN', 'CUSTOMER']) {
    if (!data.users.some((user) => user.role === role)) problem(`no ${role} user`);
  }
  if (data.users.filter((user) => user.role === 'OPERATOR').length !== 4) problem('there should be 4 operators');
  const customerById = new Map(data.customers.map((customer) => [customer.id, customer]));
  const portalStates = data.users
    .filter((user) => user.role === 'CUSTOMER')
    .map((user) => {
      const contact = data.contacts.find((candidate) => candidate.userId === user.id);
      if (!contact) problem(`customer user ${user.email} has no contact`);
      return contact ? customerById.get(contact.customerId)?.contractState : undefined;
    });
  if (!portalStates.includes('ACTIVE') || !portalStates.includes('NONE'))
    problem(`portal users belong to customers ${portalStates.join(', ')}`);
  for (const customer of data.customers) {
    const contacts = data.contacts.filter((contact) => contact.customerId === customer.id).length;
    if (contacts < 1 || contacts > 3) problem(`customer ${customer.id} has ${contacts} contacts`);
    if (
      customer.contractState === 'ACTIVE' &&
      !(customer.contractEndsAt && customer.contractEndsAt > now && customer.contractKind)
    ) {
      problem(`active contract of ${customer.id} without kind or future end`);
    }
    if (customer.contractState === 'EXPIRED' && !(customer.contractEndsAt && customer.contractEndsAt < now))
      problem(`expired contract of ${customer.id} ends in the future`);
    if (customer.contractState === 'NONE' && (customer.contractKind || customer.contractEndsAt))
      problem(`customer ${customer.id} without contract has contract details`);
  }
  for (const state of ['ACTIVE', 'NONE', 'EXPIRED']) {
    if (!data.customers.some((customer) => customer.contractState === state))
      problem(`no customer with contract ${state}`);
  }
  for (const kind of ['MAINTENANCE_FEE', 'PREPAID_HOURS', 'HELP_DESK_DIRECT']) {
    if (!data.customers.some((customer) => customer.contractState === 'ACTIVE' && customer.contractKind === kind))
      problem(`no active ${kind} contract`);
  }
  if (!data.contacts.some((contact) => contact.locale === 'EN')) problem('no English-speaking contact');

  // Tickets
  const tickets = [...data.tickets].sort((a, b) => a.number - b.number);
  if (tickets.length < 45) problem(`only ${tickets.length} tickets`);
  tickets.forEach((ticket, index) => {
    if (ticket.number !== index + 1) problem(`ticket numbers are not 1..N (found ${ticket.number} at ${index + 1})`);
    const previous = tickets[index - 1];
    if (previous && !(t(ticket.createdAt) > t(previous.createdAt)))
      problem(`ticket ${ticket.number} is not newer than ${previous.number}`);
  });
  for (const status of ALL_STATUSES)
    if (!tickets.some((ticket) => ticket.status === status)) problem(`no ticket in ${status}`);
  for (const channel of ALL_CHANNELS)
    if (!tickets.some((ticket) => ticket.channel === channel)) problem(`no ticket from ${channel}`);
  for (const queue of queues)
    if (!tickets.some((ticket) => ticket.queueId === queue.id)) problem(`no ticket in queue ${queue.name}`);
  const oldest = tickets[0];
  if (oldest && (t(now) - t(oldest.createdAt)) / 86_400_000 < 20) problem('the tickets do not span the last weeks');
  if (oldest && (t(now) - t(oldest.createdAt)) / 86_400_000 > 40) problem('the oldest ticket is older than ~30 days');
  const freshNew = tickets.filter((ticket) => ticket.status === 'NEW' && t(now) - t(ticket.createdAt) <= 3_600_000);
  if (freshNew.length < 2) problem(`only ${freshNew.length} NEW tickets from the last hour`);

  const eventsByTicket = new Map<string, DemoData['events']>();
  for (const event of data.events)
    eventsByTicket.set(event.ticketId, [...(eventsByTicket.get(event.ticketId) ?? []), event]);
  const notesByTicket = new Map<string, DemoData['notes']>();
  for (const note of data.notes) notesByTicket.set(note.ticketId, [...(notesByTicket.get(note.ticketId) ?? []), note]);
  const eventByNoteTime = new Set(
    data.events
      .filter((event) => event.type === 'NOTE_ADDED')
      .map((event) => `${event.ticketId}|${t(event.createdAt)}|${event.internal}`),
  );
  let solvedDuringCall = 0;

  for (const ticket of tickets) {
    const code = `HT${String(ticket.number).padStart(5, '0')}`;
    const fail = (message: string) => problem(`${code} (${ticket.status}): ${message}`);
    const events = [...(eventsByTicket.get(ticket.id) ?? [])].sort((a, b) => t(a.createdAt) - t(b.createdAt));
    const notes = notesByTicket.get(ticket.id) ?? [];

    if (!ticket.subject.trim() || !ticket.placeAndWhat.trim() || ticket.description.trim().length < 40)
      fail('subject, place or description missing');
    if (!ticket.categoryId || !ticket.customerId) fail('no category or customer');
    if (ticket.requestedPriority < 0 || ticket.requestedPriority > 3) fail('requested priority out of 0–3');

    // Timeline
    if (events[0]?.type !== 'CREATED' || t(events[0].createdAt) !== t(ticket.createdAt))
      fail('the timeline does not start with CREATED at createdAt');
    events.forEach((event, index) => {
      if (t(event.createdAt) < t(ticket.createdAt)) fail(`${event.type} before the ticket was created`);
      if (t(event.createdAt) > t(now)) fail(`${event.type} after now`);
      const previous = events[index - 1];
      if (previous && t(previous.createdAt) === t(event.createdAt))
        fail(`${previous.type} and ${event.type} at the same time`);
    });
    const changes = events.filter((event) => event.type === 'STATUS_CHANGED');
    let status = 'NEW';
    for (const change of changes) {
      if (change.field !== 'status') fail('STATUS_CHANGED without field "status"');
      if (change.fromValue !== status) fail(`chain broken: ${status}, then a change from ${change.fromValue}`);
      if (!EDGES[change.fromValue ?? '']?.includes(change.toValue ?? ''))
        fail(`${change.fromValue} → ${change.toValue} is not allowed`);
      status = change.toValue ?? '?';
    }
    if (status !== ticket.status) fail(`the status changes end at ${status}`);
    if (changes[0]?.fromValue === 'NEW' && changes[0].toValue === 'DONE' && ticket.channel === 'PHONE')
      solvedDuringCall += 1;
    for (const note of notes) {
      if (!eventByNoteTime.has(`${ticket.id}|${t(note.createdAt)}|${note.visibility === 'INTERNAL'}`))
        fail('a note without its NOTE_ADDED event');
      if (t(note.createdAt) < t(ticket.createdAt) || t(note.createdAt) > t(now))
        fail('a note outside the ticket\u2019s life');
    }

    // Claim and priorities
    if (ticket.status === 'NEW') {
      if (ticket.claimedById || ticket.claimedAt || ticket.assessedPriority !== null)
        fail('NEW but claimed or assessed');
    } else {
      if (!ticket.claimedById || !ticket.claimedAt) fail('claimed tickets have claimedBy and claimedAt');
      if (!events.some((event) => event.type === 'CLAIMED')) fail('no CLAIMED event');
      if (ticket.assessedPriority === null || ticket.assessedPriority < 0 || ticket.assessedPriority > 3)
        fail('no assessed priority 0–3');
      const firstChange = changes[0];
      const claimed = events.find((event) => event.type === 'CLAIMED');
      if (firstChange && claimed && t(claimed.createdAt) > t(firstChange.createdAt))
        fail('moved before it was claimed');
    }

    // Closing
    const lastChange = changes.at(-1);
    if (ticket.status === 'DONE') {
      if (!ticket.solution || ticket.solution.trim().length < 10) fail('DONE without a solution');
      if (!ticket.resolvedAt || !ticket.closedAt || t(ticket.closedAt) !== t(lastChange!.createdAt))
        fail('DONE without resolvedAt/closedAt at the change');
    } else if (ticket.status === 'CANCELLED') {
      if (!ticket.closedAt || t(ticket.closedAt) !== t(lastChange!.createdAt))
        fail('CANCELLED without closedAt at the change');
      if (ticket.resolvedAt) fail('CANCELLED with resolvedAt');
      if (!notes.some((note) => t(note.createdAt) >= t(lastChange!.createdAt) && note.body.trim().length >= 5))
        fail('CANCELLED without a reason note');
    } else if (ticket.resolvedAt || ticket.closedAt) fail('open with resolvedAt/closedAt');
    for (const change of changes) {
      const needsNote =
        ['CANCELLED', 'CHANGES_REQUESTED', 'COMPLAINT'].includes(change.toValue ?? '') ||
        (['DONE', 'CANCELLED'].includes(change.fromValue ?? '') && change.toValue === 'AWAITING_INPUT');
      if (
        needsNote &&
        !notes.some(
          (note) => t(note.createdAt) >= t(change.createdAt) && t(note.createdAt) - t(change.createdAt) < 60_000,
        )
      ) {
        fail(`${change.fromValue} → ${change.toValue} without a note`);
      }
    }
    if (ticket.status === 'RESCHEDULED' && !(ticket.scheduledAt && ticket.scheduledAt > now))
      fail('RESCHEDULED without a future date');
    // Tickets waiting on someone must not be old enough for the queue's auto-close (7 days by default) to
    // close them as soon as the application starts.
    if (ticket.status === 'AWAITING_INPUT' || ticket.status === 'CHANGES_REQUESTED') {
      const lastMove = lastChange ? t(lastChange.createdAt) : t(ticket.createdAt);
      const lastActivity = Math.max(lastMove, ticket.lastCustomerActivityAt ? t(ticket.lastCustomerActivityAt) : 0);
      if (t(now) - lastActivity >= 6 * 86_400_000) fail('waiting for 6 days or more: auto-close would close it');
    }

    // Paid interventions
    const contract = ticket.customerId ? customerById.get(ticket.customerId)?.contractState : undefined;
    if (ticket.paidIntervention !== (contract !== 'ACTIVE'))
      fail(`paidIntervention ${ticket.paidIntervention} for a customer with contract ${contract}`);
    const workStarted = changes.find((change) => WORK.includes(change.toValue ?? ''));
    if (ticket.paidIntervention && workStarted) {
      if (!ticket.paidAgreedAt || !ticket.paidAgreedBy) fail('paid work started without the customer\u2019s agreement');
      else if (t(ticket.paidAgreedAt) > t(workStarted.createdAt)) fail('paid work started before the agreement');
    }
    if (!ticket.paidIntervention && (ticket.paidAgreedAt || ticket.paidAgreedBy))
      fail('agreement to pay on a covered ticket');

    // Other timestamps
    for (const [name, value] of [
      ['updatedAt', ticket.updatedAt],
      ['firstResponseAt', ticket.firstResponseAt],
      ['lastCustomerActivityAt', ticket.lastCustomerActivityAt],
      ['claimedAt', ticket.claimedAt],
      ['paidAgreedAt', ticket.paidAgreedAt],
    ] as const) {
      if (value && (t(value) < t(ticket.createdAt) || t(value) > t(now)))
        fail(`${name} outside the ticket\u2019s life`);
    }
    if (ticket.status !== 'NEW' && !ticket.firstResponseAt) fail('claimed and moved, but no first response');
  }
  if (solvedDuringCall === 0) problem('no PHONE ticket solved during the call (NEW → DONE)');
  if (
    !data.notes.some((note) => note.visibility === 'INTERNAL') ||
    !data.notes.some((note) => note.visibility === 'PUBLIC')
  )
    problem('notes are not a mix of INTERNAL and PUBLIC');

  // Reminders
  const reminders = data.reminders;
  for (const reminder of reminders) {
    if (t(reminder.createdAt) > t(now) || t(reminder.dueAt) <= t(reminder.createdAt))
      problem('a reminder due before it was written, or written in the future');
  }
  if (!reminders.some((reminder) => !reminder.doneAt && t(reminder.dueAt) < t(now))) problem('no overdue reminder');
  if (!reminders.some((reminder) => reminder.doneAt)) problem('no completed reminder');
  if (
    !reminders.some(
      (reminder) => !reminder.doneAt && t(reminder.dueAt) > t(now) && t(reminder.dueAt) - t(now) <= 6 * 3_600_000,
    )
  )
    problem('no reminder due in the next hours');

  // Calls
  const ticketById = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const ringing = data.calls.filter((call) => call.status === 'RINGING');
  if (ringing.length !== 1 || ringing[0]!.operatorId || ringing[0]!.answeredAt || ringing[0]!.endedAt)
    problem('there should be one RINGING call, unanswered');
  else if (t(now) - t(ringing[0]!.startedAt) > 60_000 || ringing[0]!.startedAt > now)
    problem('the RINGING call did not start a few seconds ago');
  const active = data.calls.filter((call) => call.status === 'ACTIVE');
  if (
    active.length !== 2 ||
    active.some(
      (call) =>
        !call.operatorId ||
        !call.answeredAt ||
        call.endedAt ||
        call.answeredAt > now ||
        t(now) - t(call.answeredAt) > 15 * 60_000,
    )
  ) {
    problem('there should be two ACTIVE calls answered a few minutes ago');
  }
  if (new Set(active.map((call) => call.operatorId)).size !== active.length) problem('one operator on two calls');
  for (const status of ['ENDED', 'MISSED']) {
    if (
      !data.calls.some(
        (call) => call.status === status && call.ticketId && ticketById.get(call.ticketId)?.channel === 'PHONE',
      )
    )
      problem(`no ${status} call linked to a PHONE ticket`);
  }
  for (const call of data.calls) {
    if (
      call.startedAt > now ||
      (call.endedAt && call.endedAt > now) ||
      (call.answeredAt && call.answeredAt < call.startedAt)
    )
      problem('a call with inconsistent times');
    if ((call.status === 'ENDED' || call.status === 'MISSED') !== Boolean(call.endedAt))
      problem(`a ${call.status} call with endedAt ${call.endedAt?.toISOString()}`);
  }
  return problems;
}
