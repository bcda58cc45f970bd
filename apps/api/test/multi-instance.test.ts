import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, hashPassword } from '@sportello/db';
import { createTestDatabase, type TestDatabase } from '@sportello/db/testing';
import { CLAIM_TICKET, collect, CREATE_TICKET, ticketInput } from './harness.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const apiDir = fileURLToPath(new URL('..', import.meta.url));

/** Starts `npm start`'s entry point as its own process, as a deployment would, and waits until it listens. */
async function startInstance(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { ...process.env, ...env, PORT: '0', SPORTELLO_DEMO_DATA: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Sportello API on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

async function stopInstance(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

describe.skipIf(!redisUrl)('several API instances sharing Redis', () => {
  let database: TestDatabase;
  const instances: ChildProcess[] = [];
  let urls: string[] = [];
  let token: string;
  let queueId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = createPrismaClient(database.url, { maxConnections: 1 });
    const user = await db.user.create({
      data: {
        email: 'multi@test.sportello',
        name: 'Operatrice Multi',
        role: 'OPERATOR',
        passwordHash: await hashPassword('x'.repeat(12)),
      },
    });
    queueId = (await db.queue.create({ data: { name: 'SOFTWARE' } })).id;
    process.env.DATABASE_URL = database.url;
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    token = (await issueApiToken(user.id, { name: 'multi', scope: 'READ_WRITE' })).token;
    await db.$disconnect();
    // Only the events of the two changes below: the automation worker's SLA events are scale.test.ts's subject.
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl!,
      DATABASE_POOL_SIZE: database.embedded ? '1' : '4',
      SPORTELLO_AUTOMATION: 'false',
    };
    const started = await Promise.all([startInstance(env), startInstance(env)]);
    instances.push(...started.map((instance) => instance.child));
    urls = started.map((instance) => instance.url);
  });

  afterAll(async () => {
    await Promise.all(instances.map(stopInstance));
    await database?.drop();
  });

  it('delivers a change made on one instance to a subscriber of the other', async () => {
    const [first, second] = urls as [string, string];
    const subscriber = createClient({
      url: second.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const events = collect<{ ticketEvents: { type: string; ticket: { code: string; status: string } } }>(
      subscriber,
      `subscription { ticketEvents { type ticket { code status } } }`,
      {},
      2,
      15_000,
    );
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));

    const call = (query: string, variables: object) =>
      fetch(first, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((response) => response.json() as Promise<{ data: any; errors?: unknown }>);
    const created = await call(CREATE_TICKET, { input: ticketInput(queueId) });
    expect(created.errors).toBeUndefined();
    const claimed = await call(CLAIM_TICKET, { id: created.data.createTicket.id });
    expect(claimed.errors).toBeUndefined();

    const received = await events.done;
    await subscriber.dispose();
    // Each event carries ids only; the ticket is read when it is delivered, so the first one may already be claimed.
    expect(received.map((event) => [event.data?.ticketEvents.type, event.data?.ticketEvents.ticket.code])).toEqual([
      ['CREATED', created.data.createTicket.code],
      ['CLAIMED', created.data.createTicket.code],
    ]);
    expect(received[1]!.data!.ticketEvents.ticket.status).toBe('AWAITING_INPUT');
  });
});
