/**
 * Failures under load, on real processes:
 * - an API process killed with SIGKILL while clients write loses no acknowledged write, leaves nothing
 *   half-written, and its graphql-ws clients (reconnecting as the dashboard does) resync once it is back;
 * - PostgreSQL restarted under load: the API answers with a typed error while the database is away (no crash, no
 *   hang) and serves again once it is back, without being restarted itself.
 *
 * The first part needs a real PostgreSQL (TEST_DATABASE_URL), so the file runs in the postgres project only; the
 * second starts a throwaway PostgreSQL cluster of its own (never the shared one) from the Debian binaries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, hashPassword, type Database } from '@sportello/db';
import { createTestDatabase, type TestDatabase } from '@sportello/db/testing';
import { CLAIM_TICKET, CREATE_TICKET, ticketInput } from './harness.ts';
import { freePort, sleep, startApiProcess, waitFor, type ApiProcess } from './process-support.ts';

const realPostgres = Boolean(process.env.TEST_DATABASE_URL);
const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`;

/** The codes the API gives to errors a client can act on (packages/schema/src/errors.ts), read from the source. */
async function knownErrorCodes(): Promise<Set<string>> {
  const source = await readFile(new URL('../../../packages/schema/src/errors.ts', import.meta.url), 'utf8');
  const union = /export type ErrorCode =([^;]*);/.exec(source)?.[1] ?? '';
  return new Set([...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!));
}

describe.skipIf(!realPostgres)('an API process killed with SIGKILL under write load', () => {
  let database: TestDatabase;
  let db: Database;
  let api: ApiProcess | null = null;
  let token: string;
  let queueId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url, { maxConnections: 3 });
    process.env.DATABASE_URL = database.url;
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    const operator = await db.user.create({
      data: {
        email: 'crash@test.sportello',
        name: 'Operatrice Crash',
        role: 'OPERATOR',
        passwordHash: await hashPassword('x'.repeat(12)),
      },
    });
    token = (await issueApiToken(operator.id, { name: 'crash', scope: 'READ_WRITE' })).token;
    queueId = (await db.queue.create({ data: { name: 'CRASH' } })).id;
    api = await startApiProcess({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await api?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it('keeps every acknowledged write exactly once, nothing half-written, and its clients resync', async () => {
    const first = api!;
    const followed = await first.graphql(CREATE_TICKET, { input: ticketInput(queueId) }, token);
    expect(followed.errors).toBeUndefined();
    const followedTicket = followed.data.createTicket as { id: string; code: string };

    // A client that reconnects the way the dashboard does (forever, with a growing pause), following one ticket.
    let connections = 0;
    const live = createClient({
      url: first.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => void (await sleep(Math.min(2_000, 250 * 2 ** retries))),
      on: { connected: () => void connections++ },
    });
    const updates: Array<{ subject: string; status: string; version: number }> = [];
    const liveErrors: unknown[] = [];
    const unsubscribe = live.subscribe<{ ticketUpdated: { subject: string; status: string; version: number } }>(
      {
        query: `subscription($code: String!) { ticketUpdated(code: $code) { subject status version } }`,
        variables: { code: followedTicket.code },
      },
      {
        next: (result) => (result.data ? updates.push(result.data.ticketUpdated) : liveErrors.push(result.errors)),
        error: (error) => liveErrors.push(error),
        complete: () => undefined,
      },
    );
    await waitFor('the current state of the followed ticket', () => updates.length >= 1);

    // Writers: tickets and notes on them, as fast as the API takes them; only a response with data is acknowledged.
    const acknowledged = {
      tickets: [] as Array<{ id: string; subject: string }>,
      notes: [] as Array<{ id: string; body: string }>,
    };
    const unacknowledged = { subjects: [] as string[], bodies: [] as string[] };
    let writing = true;
    async function writer(index: number) {
      for (let n = 0; writing; n++) {
        const subject = `Crash ${index}-${n}`;
        let ticketId: string;
        try {
          const created = await first.graphql(CREATE_TICKET, { input: ticketInput(queueId, { subject }) }, token);
          if (!created.data?.createTicket) throw new Error(JSON.stringify(created.errors));
          ticketId = created.data.createTicket.id;
          acknowledged.tickets.push({ id: ticketId, subject });
        } catch {
          unacknowledged.subjects.push(subject);
          return; // the process is gone
        }
        const body = `Nota ${index}-${n}`;
        try {
          const note = await first.graphql(ADD_NOTE, { input: { ticketId, visibility: 'PUBLIC', body } }, token);
          if (!note.data?.addNote) throw new Error(JSON.stringify(note.errors));
          acknowledged.notes.push({ id: note.data.addNote.id, body });
        } catch {
          unacknowledged.bodies.push(body);
          return;
        }
      }
    }
    const writers = Array.from({ length: 6 }, (_, index) => writer(index));
    await waitFor('some acknowledged writes', () => acknowledged.notes.length >= 20, 60_000, 50);

    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    writing = false;
    await Promise.all(writers);

    // While the API is down, another instance (here: the database itself) changes the followed ticket.
    await db.ticket.update({
      where: { id: followedTicket.id },
      data: { subject: 'Cambiato mentre l’API era ferma', version: { increment: 1 } },
    });

    const second = await startApiProcess({ databaseUrl: database.url, port: first.port });
    api = second;
    await first.stop(); // its temporary files

    // The client reconnected by itself and got the current state first: the change it missed.
    await waitFor(
      'the client to reconnect and resync',
      () => updates.some((update) => update.subject === 'Cambiato mentre l’API era ferma'),
      60_000,
    );
    expect(connections).toBeGreaterThanOrEqual(2);
    // …and then live changes again.
    const current = await db.ticket.findUniqueOrThrow({ where: { id: followedTicket.id } });
    const claimed = await second.graphql(CLAIM_TICKET, { id: followedTicket.id, version: current.version }, token);
    expect(claimed.errors).toBeUndefined();
    await waitFor('the live update after the restart', () =>
      updates.some((update) => update.status === 'AWAITING_INPUT'),
    );
    unsubscribe();
    await live.dispose();
    expect(liveErrors).toEqual([]);

    // Every acknowledged write is there exactly once.
    expect(acknowledged.tickets.length).toBeGreaterThanOrEqual(20);
    const ticketsBySubject = await db.ticket.groupBy({
      by: ['subject'],
      where: { subject: { startsWith: 'Crash ' } },
      _count: true,
    });
    const ticketCount = new Map(ticketsBySubject.map((row) => [row.subject, row._count]));
    for (const ticket of acknowledged.tickets) expect(ticketCount.get(ticket.subject), ticket.subject).toBe(1);
    const stored = await db.ticket.findMany({ where: { id: { in: acknowledged.tickets.map((ticket) => ticket.id) } } });
    expect(stored).toHaveLength(acknowledged.tickets.length);
    const notesByBody = await db.note.groupBy({ by: ['body'], where: { body: { startsWith: 'Nota ' } }, _count: true });
    const noteCount = new Map(notesByBody.map((row) => [row.body, row._count]));
    for (const note of acknowledged.notes) expect(noteCount.get(note.body), note.body).toBe(1);
    // A write cut off by the kill is either all there, or not at all.
    for (const subject of unacknowledged.subjects) expect(ticketCount.get(subject) ?? 0).toBeLessThanOrEqual(1);
    for (const body of unacknowledged.bodies) expect(noteCount.get(body) ?? 0).toBeLessThanOrEqual(1);

    // Nothing half-written: every ticket has its CREATED event, every note its NOTE_ADDED event, each once.
    const [orphans] = await db.$queryRaw<Array<{ tickets: number; notes: number; doubled: number }>>`
      SELECT
        (SELECT count(*)::int FROM "Ticket" t
          WHERE (SELECT count(*) FROM "TicketEvent" e WHERE e."ticketId" = t."id" AND e."type" = 'CREATED') <> 1) AS tickets,
        (SELECT count(*)::int FROM "Note" n
          WHERE NOT EXISTS (SELECT 1 FROM "TicketEvent" e WHERE e."type" = 'NOTE_ADDED' AND e."data"->>'noteId' = n."id")) AS notes,
        (SELECT count(*)::int FROM (SELECT e."data"->>'noteId' FROM "TicketEvent" e WHERE e."type" = 'NOTE_ADDED'
          GROUP BY 1 HAVING count(*) > 1) d) AS doubled`;
    expect(orphans).toEqual({ tickets: 0, notes: 0, doubled: 0 });
  });
});

/** The Debian PostgreSQL server binaries (initdb, pg_ctl), newest first. */
function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** A PostgreSQL cluster of this test alone: its own data directory, port and socket directory. */
async function startThrowawayPostgres(bin: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sportello-pg-'));
  const asRoot = process.getuid?.() === 0;
  // initdb and pg_ctl refuse to run as root: run them as the postgres user, who must own the directory.
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dir, uid, gid);
  }
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, command),
      asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      {
        stdio: 'pipe',
        timeout: 120_000,
      },
    );
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, ...args]);
  pgCtl('-w', '-t', '60', 'start');
  const url = `postgresql://postgres@127.0.0.1:${port}`;
  const admin = new pg.Client(`${url}/postgres`);
  await admin.connect();
  await admin.query('CREATE DATABASE sportello');
  await admin.end();
  return {
    url: `${url}/sportello`,
    stop: () => pgCtl('-w', '-t', '60', '-m', 'fast', 'stop'),
    start: () => pgCtl('-w', '-t', '60', 'start'),
    async destroy() {
      try {
        pgCtl('-w', '-t', '60', '-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    },
    log: () => readFile(join(dir, 'log'), 'utf8').catch(() => ''),
  };
}

const binaries = postgresBinaries();

describe.skipIf(!realPostgres || !binaries)('PostgreSQL restarted under load', () => {
  let cluster: Awaited<ReturnType<typeof startThrowawayPostgres>> | null = null;
  let api: ApiProcess | null = null;
  let db: Database | null = null;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres(binaries!);
    api = await startApiProcess({ databaseUrl: cluster.url, automation: true });
    db = createPrismaClient(cluster.url, { maxConnections: 2 });
  });

  afterAll(async () => {
    await api?.stop();
    await db?.$disconnect().catch(() => undefined);
    await cluster?.destroy();
  });

  it('answers with a typed error while the database is away and recovers by itself when it is back', async () => {
    const codes = await knownErrorCodes();
    await db!.user.create({
      data: {
        email: 'restart@test.sportello',
        name: 'Operatrice Restart',
        role: 'OPERATOR',
        passwordHash: await hashPassword('x'.repeat(12)),
      },
    });
    await db!.$disconnect();
    const queueId = (await db!.queue.create({ data: { name: 'RESTART' } })).id;
    await db!.$disconnect(); // nothing of the test's own holds a connection across the restart
    const login = await api!.graphql(
      `mutation { login(email: "restart@test.sportello", password: "xxxxxxxxxxxx") { id } }`,
    );
    expect(login.errors).toBeUndefined();
    const cookie = /sportello_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];

    type Attempt = {
      phase: 'up' | 'down' | 'back';
      outcome: string;
      acknowledged?: string;
      startedAt: number;
      finishedAt: number;
    };
    const attempts: Attempt[] = [];
    let phase: Attempt['phase'] = 'up';
    let loading = true;
    let sequence = 0;
    async function load() {
      while (loading) {
        const subject = `Restart ${++sequence}`;
        const at = phase;
        const startedAt = Date.now();
        const record = (attempt: Pick<Attempt, 'outcome' | 'acknowledged'>) =>
          attempts.push({ phase: at, startedAt, finishedAt: Date.now(), ...attempt });
        try {
          const result = await api!.graphql(
            CREATE_TICKET,
            { input: ticketInput(queueId, { subject }) },
            { cookie },
            30_000,
          );
          const code = String(result.errors?.[0]?.extensions?.code ?? 'NO_CODE');
          if (result.data?.createTicket) record({ outcome: 'ok', acknowledged: subject });
          // The one 5xx allowed: 503 with its typed error, while the database is away.
          else if (result.status >= 500 && !(result.status === 503 && code === 'SERVICE_UNAVAILABLE'))
            record({ outcome: `HTTP ${result.status} ${JSON.stringify(result.errors)}` });
          else record({ outcome: code });
        } catch (error) {
          record({ outcome: `no answer: ${(error as Error).name}` });
        }
        await sleep(50);
      }
    }
    const loaders = Array.from({ length: 4 }, load);
    await waitFor(
      'writes before the restart',
      () => attempts.filter((a) => a.outcome === 'ok').length >= 10,
      60_000,
      50,
    );

    cluster!.stop();
    phase = 'down';
    const downSince = attempts.length;
    await waitFor('requests while the database is down', () => attempts.length - downSince >= 12, 60_000, 50);
    // /healthz tells the process lives (a load balancer must not take every instance out for a database outage).
    expect((await fetch(`${api!.origin}/healthz`)).status).toBe(200);
    cluster!.start();
    phase = 'back';
    await waitFor(
      'a write to succeed after the restart',
      () => attempts.some((attempt) => attempt.phase === 'back' && attempt.outcome === 'ok'),
      90_000,
      100,
    );
    const recoveredAt = attempts.length;
    await waitFor('more writes after the restart', () => attempts.length - recoveredAt >= 12, 60_000, 50);
    loading = false;
    await Promise.all(loaders);

    expect(api!.exit(), api!.output()).toBeNull();
    const down = attempts.filter((attempt) => attempt.phase === 'down');
    // Every request got an answer, never an untyped 5xx, and refusals carry a code from the API's list.
    for (const attempt of attempts) {
      expect(attempt.outcome, JSON.stringify(attempt)).not.toMatch(/^(HTTP 5|no answer)/);
      // An untyped refusal: the API's own log tells which error it did not recognise as the database being away.
      if (attempt.outcome !== 'ok')
        expect(codes.has(attempt.outcome), `${attempt.outcome}\n${api!.output()}`).toBe(true);
    }
    expect(down.some((attempt) => attempt.outcome === 'SERVICE_UNAVAILABLE')).toBe(true);
    // Once a write succeeded again, every write sent after it does too.
    const recovered = Math.min(
      ...attempts.filter((attempt) => attempt.phase === 'back' && attempt.outcome === 'ok').map((a) => a.finishedAt),
    );
    const later = attempts.filter((attempt) => attempt.startedAt > recovered);
    expect(later.length).toBeGreaterThanOrEqual(8);
    expect(later.map((attempt) => attempt.outcome)).toEqual(later.map(() => 'ok'));
    // And everything acknowledged, before the restart or after, is stored.
    const subjects = attempts.flatMap((attempt) => (attempt.acknowledged ? [attempt.acknowledged] : []));
    const stored = await db!.ticket.count({ where: { subject: { in: subjects } } });
    expect(stored).toBe(subjects.length);
    await db!.$disconnect();
  });
});
