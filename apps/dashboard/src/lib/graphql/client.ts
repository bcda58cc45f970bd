import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/svelte';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import type { ConnectionState } from './connection.svelte.ts';

/** Waits 0.5, 1, 2, 4… up to 10 seconds between reconnection attempts, with jitter so clients do not stampede. */
const reconnectDelay = (retries: number) =>
  new Promise<void>((resolve) =>
    setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.75 + Math.random() / 2)),
  );

/**
 * Sent with every request: the API refuses cookie-authenticated requests that another site could have made the
 * browser send (a GET, a form or multipart POST) without it (CSRF; see apps/api/src/security/csrf.ts).
 */
export const CSRF_HEADERS = { 'x-graphql-yoga-csrf': '1' } as const;

/**
 * The dashboard's GraphQL client: queries and mutations over HTTP, subscriptions over graphql-ws, both on the
 * dashboard's own origin (the API serves the dashboard) with the session cookie. The WebSocket reconnects forever
 * and reports its state to `connection`.
 */
export function createGraphQLClient(connection: ConnectionState, origin = window.location.origin) {
  const ws: WsClient = createWsClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: reconnectDelay,
    on: {
      connecting: () => connection.connecting(),
      connected: () => connection.connected(),
      closed: () => connection.disconnected(),
    },
  });
  const client = new Client({
    url: `${origin}/graphql`,
    fetchOptions: { credentials: 'same-origin', headers: CSRF_HEADERS },
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => ws.dispose() };
}
