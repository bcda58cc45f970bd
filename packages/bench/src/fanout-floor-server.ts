/**
 * The fan-out floor: the least a graphql-ws server can do to deliver one event to every subscriber. It speaks just
 * enough of the graphql-transport-ws protocol for the real graphql-ws client (ack, subscribe, complete, ping) and,
 * on `POST /publish`, serialises one `next` message per subscription (each carries its own subscription id, as the
 * real server's do) with a payload shaped like the wallboard's `ticketEvents { id type }`. No authentication, no
 * GraphQL execution, no database: what remains is sockets, framing and JSON.
 *
 * Run as its own process (like the API) so that it does not share an event loop with the clients:
 *   node --import tsx packages/bench/src/fanout-floor-server.ts   → prints `listening <port>` on stdout
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const subscriptions = new Map<WebSocket, Set<string>>();

const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.writeHead(200).end('ok');
  if (req.method === 'POST' && req.url === '/publish') {
    // Same shape and size as the API's event: a UUIDv7-like id and an event type.
    const event = { id: randomUUID(), type: 'NOTE_ADDED' };
    let sent = 0;
    for (const [socket, ids] of subscriptions) {
      for (const id of ids) {
        socket.send(JSON.stringify({ id, type: 'next', payload: { data: { ticketEvents: event } } }));
        sent++;
      }
    }
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent }));
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  const ids = new Set<string>();
  subscriptions.set(socket, ids);
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
    else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    else if (message.type === 'subscribe' && message.id) ids.add(message.id);
    else if (message.type === 'complete' && message.id) ids.delete(message.id);
  });
  socket.on('close', () => subscriptions.delete(socket));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});

const stop = () => {
  for (const socket of wss.clients) socket.terminate();
  wss.close();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
