import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const NotificationFragment = graphql(`
  fragment NotificationItem on Notification @_unmask {
    id
    kind
    message
    slaTarget
    deadline
    reminderText
    read
    createdAt
    ticket {
      id
      code
    }
  }
`);

export type NotificationData = ResultOf<typeof NotificationFragment>;

export const MyNotificationsQuery = graphql(
  `
    query MyNotifications($first: Int!, $after: String) {
      unreadNotificationCount
      myNotifications(first: $first, after: $after) {
        edges {
          node {
            ...NotificationItem
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [NotificationFragment],
);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all) {
      marked
      unreadCount
    }
  }
`);

export const NotificationAddedSubscription = graphql(
  `
    subscription NotificationAdded {
      notificationAdded {
        ...NotificationItem
      }
    }
  `,
  [NotificationFragment],
);
