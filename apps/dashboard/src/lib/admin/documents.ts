import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const AdminMe = graphql(`
  query AdminMe {
    me {
      id
      name
      role
    }
  }
`);

export const UserFields = graphql(`
  fragment AdminUserFields on User @_unmask {
    id
    name
    email
    role
    locale
    active
  }
`);

export const ClaimsQuery = graphql(
  `
    query AdminClaims {
      tickets(filter: { open: true }, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100) {
        edges {
          node {
            id
            code
            subject
            status
            priority
            version
            updatedAt
            claimedAt
            queue {
              id
              name
            }
            claimedBy {
              id
              name
            }
          }
        }
      }
      users {
        ...AdminUserFields
      }
    }
  `,
  [UserFields],
);

export const ReassignTicket = graphql(`
  mutation AdminReassignTicket($id: ID!, $operatorId: ID, $version: Int) {
    reassignTicket(id: $id, operatorId: $operatorId, version: $version) {
      id
      version
      claimedBy {
        id
        name
      }
    }
  }
`);

export const QueueFields = graphql(`
  fragment AdminQueueFields on Queue @_unmask {
    id
    name
    description
    position
    active
    autoCloseDays
    categories(includeInactive: true) {
      id
      name
      position
      active
    }
  }
`);

export const QueuesQuery = graphql(
  `
    query AdminQueues {
      queues(includeInactive: true) {
        ...AdminQueueFields
      }
    }
  `,
  [QueueFields],
);

export const CreateQueue = graphql(
  `
    mutation AdminCreateQueue($input: QueueInput!) {
      createQueue(input: $input) {
        ...AdminQueueFields
      }
    }
  `,
  [QueueFields],
);

export const UpdateQueue = graphql(
  `
    mutation AdminUpdateQueue($id: ID!, $input: QueueInput!) {
      updateQueue(id: $id, input: $input) {
        ...AdminQueueFields
      }
    }
  `,
  [QueueFields],
);

export const CreateCategory = graphql(`
  mutation AdminCreateCategory($queueId: ID!, $name: String!) {
    createCategory(queueId: $queueId, name: $name) {
      id
      name
      position
      active
    }
  }
`);

export const UpdateCategory = graphql(`
  mutation AdminUpdateCategory($id: ID!, $name: String, $active: Boolean) {
    updateCategory(id: $id, name: $name, active: $active) {
      id
      name
      position
      active
    }
  }
`);

export const UsersQuery = graphql(
  `
    query AdminUsers {
      users(includeInactive: true) {
        ...AdminUserFields
      }
    }
  `,
  [UserFields],
);

export const CreateUser = graphql(
  `
    mutation AdminCreateUser($input: CreateUserInput!) {
      createUser(input: $input) {
        ...AdminUserFields
      }
    }
  `,
  [UserFields],
);

export const UpdateUser = graphql(
  `
    mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
      updateUser(id: $id, input: $input) {
        ...AdminUserFields
      }
    }
  `,
  [UserFields],
);

export const TokenFields = graphql(`
  fragment AdminTokenFields on ApiToken @_unmask {
    id
    name
    prefix
    scope
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
    user {
      id
      name
    }
  }
`);

export const TokensQuery = graphql(
  `
    query AdminTokens {
      apiTokens {
        ...AdminTokenFields
      }
    }
  `,
  [TokenFields],
);

export const CreateToken = graphql(
  `
    mutation AdminCreateToken($name: String!, $scope: TokenScope!) {
      createApiToken(name: $name, scope: $scope) {
        token
        apiToken {
          ...AdminTokenFields
        }
      }
    }
  `,
  [TokenFields],
);

export const RevokeToken = graphql(
  `
    mutation AdminRevokeToken($id: ID!) {
      revokeApiToken(id: $id) {
        ...AdminTokenFields
      }
    }
  `,
  [TokenFields],
);

export type AdminUser = ResultOf<typeof UserFields>;
export type AdminQueue = ResultOf<typeof QueueFields>;
export type AdminToken = ResultOf<typeof TokenFields>;
export type ClaimedTicket = ResultOf<typeof ClaimsQuery>['tickets']['edges'][number]['node'];
export type Role = AdminUser['role'];

export const MailboxFields = graphql(`
  fragment AdminMailboxFields on Mailbox @_unmask {
    id
    name
    host
    port
    secure
    username
    folder
    active
    lastPolledAt
    lastError
    queue {
      id
      name
    }
  }
`);

export type AdminMailbox = ResultOf<typeof MailboxFields>;

export const MailboxesQuery = graphql(
  `
    query AdminMailboxes {
      mailboxes {
        ...AdminMailboxFields
      }
      queues {
        id
        name
      }
    }
  `,
  [MailboxFields],
);

export const CreateMailbox = graphql(
  `
    mutation AdminCreateMailbox($input: MailboxInput!) {
      createMailbox(input: $input) {
        ...AdminMailboxFields
      }
    }
  `,
  [MailboxFields],
);

export const UpdateMailbox = graphql(
  `
    mutation AdminUpdateMailbox($id: ID!, $input: MailboxInput!) {
      updateMailbox(id: $id, input: $input) {
        ...AdminMailboxFields
      }
    }
  `,
  [MailboxFields],
);
