import { graphql, type ResultOf } from '$lib/graphql/graphql';
import { TicketTimelineFragment } from '$lib/tickets/documents';

/** The signed-in customer, their organisation and whether it has a contract (else assistance is paid). */
export const PortalMeQuery = graphql(`
  query PortalMe {
    me {
      id
      name
      role
      contact {
        id
        name
        customer {
          id
          name
          contractState
          paidInterventionRequired
        }
      }
    }
  }
`);

export type PortalUser = ResultOf<typeof PortalMeQuery>['me'];

export const PortalQueuesQuery = graphql(`
  query PortalQueues {
    queues {
      id
      name
      description
    }
  }
`);

export type PortalQueue = ResultOf<typeof PortalQueuesQuery>['queues'][number];

export const PortalTicketRowFragment = graphql(`
  fragment PortalTicketRow on Ticket @_unmask {
    id
    code
    subject
    status
    createdAt
    updatedAt
    queue {
      id
      name
    }
  }
`);

export type PortalTicketRow = ResultOf<typeof PortalTicketRowFragment>;

export const PortalTicketsQuery = graphql(
  `
    query PortalTickets($first: Int, $after: String) {
      tickets(first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...PortalTicketRow
          }
        }
      }
    }
  `,
  [PortalTicketRowFragment],
);

export const PortalTicketFragment = graphql(
  `
    fragment PortalTicket on Ticket @_unmask {
      id
      code
      subject
      status
      channel
      placeAndWhat
      description
      requestedPriority
      solution
      createdAt
      updatedAt
      closedAt
      paidIntervention
      paidAgreedBy
      paidAgreedAt
      queue {
        id
        name
      }
      ...TicketTimeline
      rating {
        id
        score
        comment
        createdAt
      }
    }
  `,
  [TicketTimelineFragment],
);

export type PortalTicketData = ResultOf<typeof PortalTicketFragment>;

export const PortalTicketQuery = graphql(
  `
    query PortalTicket($code: String!) {
      ticket(code: $code) {
        ...PortalTicket
      }
    }
  `,
  [PortalTicketFragment],
);

export const PortalTicketUpdatedSubscription = graphql(
  `
    subscription PortalTicketUpdated($code: String!) {
      ticketUpdated(code: $code) {
        ...PortalTicket
      }
    }
  `,
  [PortalTicketFragment],
);

export const CreatePortalTicketMutation = graphql(`
  mutation CreatePortalTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      code
    }
  }
`);

export const PortalReplyMutation = graphql(`
  mutation PortalReply($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`);

export const RateTicketMutation = graphql(`
  mutation PortalRateTicket($ticketId: ID!, $score: Int!, $comment: String) {
    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {
      id
      score
      comment
      createdAt
    }
  }
`);
