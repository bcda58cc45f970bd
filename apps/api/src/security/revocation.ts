import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { db } from '@sportello/schema/db';
import type { Viewer } from '@sportello/schema/domain/identity';
import { pubsub, type CredentialRevokedMessage } from '@sportello/schema/pubsub';

interface OpenConnection {
  socket: WebSocket;
  sessionId: string | null;
  tokenId: string | null;
}

const matches = (connection: OpenConnection, message: CredentialRevokedMessage) =>
  (message.sessionId !== undefined && connection.sessionId === message.sessionId) ||
  (message.tokenId !== undefined && connection.tokenId === message.tokenId);

/**
 * Open graphql-ws connections end with their credentials. A logout or a revoked token is published on the pubsub
 * (through Redis when REDIS_URL is set, so every instance hears it) and closes at once the connections it
 * authenticated, with 4403 Forbidden. Sessions and tokens that expire, and users deactivated, are caught by a
 * periodic re-check of every open connection's credentials (two queries, whatever the number of connections),
 * which also covers a message lost while Redis was unreachable.
 */
export function createConnectionRevocation({ recheckIntervalMs = 60_000 } = {}) {
  const connections = new Set<OpenConnection>();

  function close(connection: OpenConnection) {
    connections.delete(connection);
    connection.socket.close(CloseCode.Forbidden, 'Forbidden');
  }

  const revocations = pubsub.subscribe('credentialRevoked');
  const listening = (async () => {
    for await (const message of revocations) {
      for (const connection of connections) if (matches(connection, message)) close(connection);
    }
  })().catch((error: unknown) => console.error('credential revocations: listening failed', error));

  /** Closes the connections whose session or token has ended, expired or lost its (deactivated) user. */
  async function recheck(now = new Date()) {
    const open = [...connections];
    const sessionIds = open.flatMap((connection) => (connection.sessionId ? [connection.sessionId] : []));
    const tokenIds = open.flatMap((connection) => (connection.tokenId ? [connection.tokenId] : []));
    const [sessions, tokens] = await Promise.all([
      sessionIds.length
        ? db.session.findMany({
            where: { id: { in: sessionIds }, expiresAt: { gt: now }, user: { active: true } },
            select: { id: true },
          })
        : [],
      tokenIds.length
        ? db.apiToken.findMany({
            where: {
              id: { in: tokenIds },
              revokedAt: null,
              OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
              user: { active: true },
            },
            select: { id: true },
          })
        : [],
    ]);
    const valid = new Set([...sessions, ...tokens].map((row) => row.id));
    for (const connection of open) {
      if (!valid.has((connection.sessionId ?? connection.tokenId)!)) close(connection);
    }
  }

  const timer = setInterval(
    () => void recheck().catch((error: unknown) => console.error('credential re-check failed', error)),
    recheckIntervalMs,
  );
  timer.unref();

  return {
    /** Watches a connection authenticated as `viewer` until its socket closes. */
    track(socket: WebSocket, viewer: Viewer) {
      const connection = { socket, sessionId: viewer.sessionId, tokenId: viewer.tokenId };
      if (!connection.sessionId && !connection.tokenId) return;
      connections.add(connection);
      socket.once('close', () => connections.delete(connection));
    },
    /** Closes at once a connection whose credentials no longer authenticate (seen when it sent an operation). */
    revoke(socket: WebSocket) {
      for (const connection of connections) if (connection.socket === socket) close(connection);
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.Forbidden, 'Forbidden');
    },
    recheck,
    async stop() {
      clearInterval(timer);
      await revocations.return?.();
      await listening;
    },
  };
}
