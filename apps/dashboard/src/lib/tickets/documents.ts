import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const TicketRowFragment = graphql(`
  fragment TicketRow on Ticket @_unmask {
    id
    code
    subject
    status
    priority
    createdAt
    updatedAt
    queue {
      id
      name
    }
    claimedBy {
      id
      name
    }
  }
`);

export type TicketRowData = ResultOf<typeof TicketRowFragment>;

export const TicketsQuery = graphql(
  `
    query Tickets($filter: TicketFilter, $orderBy: TicketOrder, $first: Int, $after: String) {
      tickets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...TicketRow
          }
        }
      }
    }
  `,
  [TicketRowFragment],
);

export const QueuesQuery = graphql(`
  query Queues {
    queues {
      id
      name
    }
  }
`);

export const TicketEventsSubscription = graphql(`
  subscription TicketEvents {
    ticketEvents {
      id
      type
      toValue
      ticket {
        id
        code
        status
        queue {
          id
        }
        claimedBy {
          id
        }
      }
    }
  }
`);

/** What a ticket's timeline shows, for staff and customers alike (the server hides what customers may not see). */
export const TicketTimelineFragment = graphql(`
  fragment TicketTimeline on Ticket @_unmask {
    attachments {
      id
      fileName
      contentType
      size
      url
    }
    events {
      id
      type
      field
      fromValue
      toValue
      internal
      noteId
      createdAt
      actor {
        id
        name
      }
    }
    notes {
      id
      visibility
      body
      createdAt
      author {
        id
        name
      }
      attachments {
        id
        fileName
        contentType
        size
        url
      }
    }
  }
`);

export const TicketDetailFragment = graphql(
  `
    fragment TicketDetail on Ticket @_unmask {
      id
      code
      number
      subject
      status
      version
      channel
      requestedPriority
      assessedPriority
      priority
      placeAndWhat
      description
      solution
      scheduledAt
      createdAt
      updatedAt
      paidIntervention
      paidAgreedBy
      paidAgreedAt
      claimedAt
      queue {
        id
        name
      }
      category {
        id
        name
      }
      claimedBy {
        id
        name
      }
      assignee {
        id
        name
      }
      rating {
        id
        score
        comment
        createdAt
        source
        contact {
          id
          name
        }
      }
      customer {
        id
        name
        contractState
        contractKind
        contractEndsAt
        paidInterventionRequired
      }
      contact {
        id
        name
        email
        phone
      }
      allowedTransitions {
        to
        requiresSolution
        requiresNote
        acceptsNote
        requiresScheduledAt
        acceptsScheduledAt
      }
      ...TicketTimeline
      reminders {
        id
        text
        dueAt
        doneAt
        owner {
          id
          name
        }
      }
      # The SLA panel (see $lib/tickets/sla.ts).
      sla {
        policy {
          id
          name
          atRiskFraction
        }
        firstResponse {
          state
          targetSeconds
          dueAt
          startedAt
          stoppedAt
          elapsedSeconds
          remainingSeconds
          breachedAt
        }
        nextResponse {
          state
          targetSeconds
          dueAt
          startedAt
          stoppedAt
          elapsedSeconds
          remainingSeconds
          breachedAt
        }
        resolution {
          state
          targetSeconds
          dueAt
          startedAt
          stoppedAt
          elapsedSeconds
          remainingSeconds
          breachedAt
        }
      }
    }
  `,
  [TicketTimelineFragment],
);

export type TicketDetailData = ResultOf<typeof TicketDetailFragment>;
export type TransitionOptionData = TicketDetailData['allowedTransitions'][number];
export type NoteData = TicketDetailData['notes'][number];
export type TicketEventData = TicketDetailData['events'][number];
export type ReminderData = TicketDetailData['reminders'][number];

export const TicketQuery = graphql(
  `
    query Ticket($code: String!) {
      ticket(code: $code) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

export const TicketUpdatedSubscription = graphql(
  `
    subscription TicketUpdated($code: String!) {
      ticketUpdated(code: $code) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

export const ClaimTicketMutation = graphql(
  `
    mutation ClaimTicket($id: ID!, $version: Int) {
      claimTicket(id: $id, version: $version) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

export const ReleaseTicketMutation = graphql(
  `
    mutation ReleaseTicket($id: ID!, $version: Int) {
      releaseTicket(id: $id, version: $version) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

export const TransitionTicketMutation = graphql(
  `
    mutation TransitionTicket($id: ID!, $input: TransitionTicketInput!) {
      transitionTicket(id: $id, input: $input) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

export const UpdateTicketMutation = graphql(
  `
    mutation UpdateTicket($id: ID!, $input: UpdateTicketInput!) {
      updateTicket(id: $id, input: $input) {
        ...TicketDetail
      }
    }
  `,
  [TicketDetailFragment],
);

/** What a ticket's details may be changed to: the active queues with their categories, and the staff. */
export const TicketEditOptionsQuery = graphql(`
  query TicketEditOptions {
    queues {
      id
      name
      categories {
        id
        name
      }
    }
    users {
      id
      name
      role
    }
  }
`);
export type TicketEditOptionsData = ResultOf<typeof TicketEditOptionsQuery>;

export const AddNoteMutation = graphql(`
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`);

export const AddReminderMutation = graphql(`
  mutation AddReminder($ticketId: ID!, $dueAt: DateTime!, $text: String!) {
    addReminder(ticketId: $ticketId, dueAt: $dueAt, text: $text) {
      id
    }
  }
`);

export const CompleteReminderMutation = graphql(`
  mutation CompleteReminder($id: ID!) {
    completeReminder(id: $id) {
      id
      doneAt
    }
  }
`);
