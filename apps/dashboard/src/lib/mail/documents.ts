import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const FailedMailFragment = graphql(`
  fragment FailedMailItem on InboundMail @_unmask {
    id
    source
    fromAddress
    subject
    outcome
    error
    rawUrl
    receivedAt
    ticket {
      id
      code
    }
  }
`);

export type FailedMail = ResultOf<typeof FailedMailFragment>;

export const FailedMailsQuery = graphql(
  `
    query FailedMails($first: Int!, $after: String) {
      inboundMails(outcome: FAILED, first: $first, after: $after) {
        edges {
          node {
            ...FailedMailItem
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [FailedMailFragment],
);

export const RetryInboundMailMutation = graphql(
  `
    mutation RetryInboundMail($id: ID!) {
      retryInboundMail(id: $id) {
        ...FailedMailItem
      }
    }
  `,
  [FailedMailFragment],
);
