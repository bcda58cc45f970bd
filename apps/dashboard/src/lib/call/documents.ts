import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const CallFields = graphql(`
  fragment CallFields on Call @_unmask {
    id
    direction
    callerNumber
    callerName
    status
    startedAt
    answeredAt
    endedAt
    operator {
      id
      name
    }
    customer {
      id
    }
    contact {
      id
      name
    }
  }
`);

export const CustomerFields = graphql(`
  fragment CustomerFields on Customer @_unmask {
    id
    name
    vatNumber
    phone
    email
    address
    contractState
    contractKind
    contractEndsAt
    paidInterventionRequired
    contacts {
      id
      name
      phone
      email
    }
  }
`);

export const NewCallQuery = graphql(
  `
    query NewCall {
      me {
        id
        name
        role
      }
      calls(status: [RINGING, ACTIVE]) {
        ...CallFields
      }
      queues {
        id
        name
        description
        categories {
          id
          name
        }
      }
    }
  `,
  [CallFields],
);

export const CustomersSearch = graphql(
  `
    query CustomersSearch($search: String) {
      customers(search: $search) {
        ...CustomerFields
      }
    }
  `,
  [CustomerFields],
);

export const CustomerById = graphql(
  `
    query CustomerById($id: ID!) {
      customer(id: $id) {
        ...CustomerFields
      }
    }
  `,
  [CustomerFields],
);

export const ContactByPhone = graphql(
  `
    query ContactByPhone($phone: String!) {
      contactByPhone(phone: $phone) {
        id
        name
        phone
        customer {
          ...CustomerFields
        }
      }
    }
  `,
  [CustomerFields],
);

export const StartCall = graphql(
  `
    mutation StartCall($callerNumber: String!, $callerName: String) {
      startCall(direction: INBOUND, callerNumber: $callerNumber, callerName: $callerName) {
        ...CallFields
      }
    }
  `,
  [CallFields],
);

export const AnswerCall = graphql(
  `
    mutation AnswerCall($id: ID!) {
      answerCall(id: $id) {
        ...CallFields
      }
    }
  `,
  [CallFields],
);

export const EndCall = graphql(
  `
    mutation EndCall($id: ID!) {
      endCall(id: $id) {
        ...CallFields
      }
    }
  `,
  [CallFields],
);

export const CallEvents = graphql(
  `
    subscription CallEventsForNewTicket {
      callEvents {
        ...CallFields
      }
    }
  `,
  [CallFields],
);

export const CreateTicket = graphql(`
  mutation CreateTicketDuringCall($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      code
      status
    }
  }
`);

export type CallData = ResultOf<typeof CallFields>;
export type CustomerData = ResultOf<typeof CustomerFields>;
export type QueueData = ResultOf<typeof NewCallQuery>['queues'][number];

/** The customer's open tickets, last changed first: the call may be about one of them. */
export const CustomerOpenTickets = graphql(`
  query CustomerOpenTickets($customerId: ID!) {
    tickets(
      filter: { customerId: $customerId, open: true }
      orderBy: { field: UPDATED_AT, direction: DESC }
      first: 10
    ) {
      edges {
        node {
          id
          code
          subject
          status
          updatedAt
        }
      }
    }
  }
`);
export type OpenTicketData = ResultOf<typeof CustomerOpenTickets>['tickets']['edges'][number]['node'];

export const LinkCallToTicket = graphql(
  `
    mutation LinkCallToTicket($callId: ID!, $ticketId: ID!) {
      linkCallToTicket(callId: $callId, ticketId: $ticketId) {
        ...CallFields
      }
    }
  `,
  [CallFields],
);
