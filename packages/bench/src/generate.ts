/**
 * Generates a realistic help desk of `tickets` tickets with their timeline, notes and ratings straight into
 * PostgreSQL with COPY: two years of history ending at `dataNow`, most old tickets closed, recent ones still
 * being worked on, operators of uneven load, SLA clocks on contract customers (some breached), phone calls solved
 * on the spot, ratings on a third of the solved tickets.
 *
 * Rows are produced by a seeded generator (the same scale gives the same data set) and streamed, never held in
 * memory. Secondary indexes are dropped during the load and rebuilt after it (much faster than maintaining them
 * row by row); triggers and foreign-key checks are off during the COPY (session_replication_role = replica), so the
 * outcome columns and the SLA history the triggers would maintain are written here directly, consistently with
 * the events and notes.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashPassword } from '@sportello/db';
import { BENCH_SCHEMA } from './database.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const HISTORY_DAYS = 730;
const OPERATORS = 40;
const QUEUES = [
  'Hardware',
  'Rete',
  'Software gestionale',
  'Posta elettronica',
  'Stampanti',
  'Telefonia',
  'Sicurezza',
  'Amministrazione',
];
const CUSTOMERS = 5000;
export const BENCH_PASSWORD = 'bench-password-1';
export const BENCH_ADMIN_EMAIL = 'bench.admin@sportello.test';

/** mulberry32: small, fast, seeded. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createIds(rand: () => number) {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  /** UUIDv7 (time-ordered, as Prisma's uuid(7) default) for the given instant. */
  return (at: number) => {
    const ms = hex(at, 12);
    const r = () => hex(rand() * 0x10000, 4);
    const variant = hex(0x8000 | (rand() * 0x4000), 4);
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${r().slice(1)}-${variant}-${r()}${r()}${r()}`;
  };
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function field(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'string') return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  return String(value);
}
const line = (values: Array<string | number | boolean | Date | null | undefined>) =>
  values.map(field).join('\t') + '\n';

/** Log-normal sample (median, spread σ), in milliseconds. */
function logNormal(rand: () => number, median: number, sigma: number) {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * normal);
}

interface Reference {
  queues: string[];
  operators: Array<{ id: string; weight: number }>;
  customers: Array<{ id: string; contactId: string; contract: boolean }>;
  policyIds: string[];
}

async function copyRows(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<string>) {
  const statement = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  const source = Readable.from(batched(rows));
  await pipeline(source, client.query(copyFrom(statement)));
}

/** Joins rows into ~256 KiB chunks: far fewer stream writes than one per row. */
function* batched(rows: Iterable<string>) {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length > 262_144) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const TICKET_COLUMNS = [
  'id',
  'number',
  'queueId',
  'requestedPriority',
  'assessedPriority',
  'channel',
  'placeAndWhat',
  'subject',
  'description',
  'status',
  'claimedById',
  'claimedAt',
  'customerId',
  'contactId',
  'createdById',
  'solution',
  'createdAt',
  'updatedAt',
  'firstResponseAt',
  'resolvedAt',
  'closedAt',
  'version',
  'slaTrackedAt',
  'slaBreachedAt',
  'firstContactResolved',
  'ratingScore',
  'slaHistory',
];
const EVENT_COLUMNS = [
  'id',
  'ticketId',
  'actorId',
  'type',
  'field',
  'fromValue',
  'toValue',
  'internal',
  'data',
  'createdAt',
  'dedupeKey',
];
const NOTE_COLUMNS = ['id', 'ticketId', 'authorId', 'visibility', 'body', 'createdAt'];
const RATING_COLUMNS = ['id', 'ticketId', 'score', 'comment', 'source', 'contactId', 'createdAt'];

const SUBJECTS = [
  ['Stampante non stampa', 'Ufficio amministrazione, stampante del secondo piano'],
  ['VPN non si connette', 'Sede di Bologna, portatile del commerciale'],
  ['Posta non arriva', 'Casella condivisa ordini'],
  ['Gestionale lento', 'Magazzino, postazione 3'],
  ['Centralino senza linea', 'Reception'],
  ['Password scaduta', 'Utente contabilità'],
  ['Backup fallito', 'Server in sala macchine'],
  ['Wi-Fi instabile', 'Sala riunioni grande'],
];
const OPEN = [
  'AWAITING_INPUT',
  'IN_PROGRESS',
  'REQUEST_SENT',
  'CHANGES_REQUESTED',
  'SUSPENDED',
  'RESCHEDULED',
  'COMPLAINT',
] as const;

const SLA_HISTORY_EVENTS = new Set(['CREATED', 'STATUS_CHANGED', 'AUTO_CLOSED', 'CLAIMED', 'REASSIGNED']);

/** Everything one ticket contributes, built once and written to the four COPY streams. */
interface Generated {
  ticket: string;
  events: string[];
  notes: string[];
  rating: string | null;
}

function* tickets(count: number, ref: Reference, dataNow: number, seed: number): Generator<Generated> {
  const rand = random(seed);
  const id = createIds(random(seed + 1));
  const totalWeight = ref.operators.reduce((sum, o) => sum + o.weight, 0);
  const pickOperator = () => {
    let x = rand() * totalWeight;
    for (const operator of ref.operators) if ((x -= operator.weight) <= 0) return operator.id;
    return ref.operators[0]!.id;
  };
  const start = dataNow - HISTORY_DAYS * DAY;
  for (let n = 1; n <= count; n++) {
    // Evenly spread over the history (sorted by creation, as numbers are), mostly in office hours.
    const dayStart = start + Math.floor(((n - 1) / count) * HISTORY_DAYS) * DAY;
    let createdAt = dayStart + 7 * 3_600_000 + rand() * 11 * 3_600_000;
    if (createdAt >= dataNow) createdAt = dataNow - rand() * 3_600_000;
    createdAt = Math.floor(createdAt);
    const age = (dataNow - createdAt) / DAY;
    const ticketId = id(createdAt);
    const customer = ref.customers[Math.floor(rand() * ref.customers.length)]!;
    const queueId = ref.queues[Math.floor(rand() * ref.queues.length)]!;
    const [subject, place] = SUBJECTS[n % SUBJECTS.length]!;
    const requestedPriority = Math.floor(rand() * 4);
    const channel = rand() < 0.55 ? 'PHONE' : rand() < 0.7 ? 'EMAIL' : 'PORTAL';
    const creator = ref.operators[n % ref.operators.length]!.id;
    const openProbability = age > 30 ? 0.005 : 0.9 * Math.exp(-age / 4) + 0.03;
    const solvedOnCall = channel === 'PHONE' && rand() < 0.25 && age > 0.05;
    let status: string;
    if (solvedOnCall) status = 'DONE';
    else if (rand() < openProbability)
      status = age < 0.1 && rand() < 0.6 ? 'NEW' : OPEN[Math.floor(rand() * OPEN.length)]!;
    else status = rand() < 0.9 ? 'DONE' : 'CANCELLED';
    const claimed = status !== 'NEW';
    const operator = claimed ? pickOperator() : null;
    const limit = (t: number) => Math.min(Math.floor(t), dataNow - 1000);
    const claimedAt = claimed ? (solvedOnCall ? createdAt : limit(createdAt + logNormal(rand, 10 * MINUTE, 1))) : null;
    const firstResponseAt = !claimed
      ? null
      : solvedOnCall
        ? createdAt
        : limit(claimedAt! + logNormal(rand, 15 * MINUTE, 1.2));
    const closed = status === 'DONE' || status === 'CANCELLED';
    const closedAt = !closed
      ? null
      : solvedOnCall
        ? createdAt
        : limit(Math.max(firstResponseAt ?? createdAt, createdAt + logNormal(rand, 8 * 3_600_000, 1.5)));
    const resolvedAt = status === 'DONE' ? closedAt : null;
    const slaTracked = customer.contract;
    const breachedAt = slaTracked && rand() < 0.12 ? limit(createdAt + 4 * 3_600_000 + rand() * DAY) : null;
    const slaBreachedAt = breachedAt !== null && breachedAt < dataNow ? breachedAt : null;
    const version = 1 + (claimed ? 1 : 0) + (closed ? 2 : status !== 'AWAITING_INPUT' && claimed ? 1 : 0);
    const updatedAt = closedAt ?? firstResponseAt ?? createdAt;
    const solution =
      status === 'DONE' ? 'Risolto: riavviato il servizio e verificato il funzionamento con il cliente.' : null;
    // Written last: the rating (drawn below) is kept on the ticket too.
    const ticketRow = (ratingScore: number | null) =>
      line([
        ticketId,
        n,
        queueId,
        requestedPriority,
        claimed ? requestedPriority : null,
        channel,
        place,
        `${subject} (${n})`,
        `${subject}: il cliente segnala il problema da questa mattina. ${place}.`,
        status,
        operator,
        claimedAt === null ? null : new Date(claimedAt),
        customer.id,
        customer.contactId,
        creator,
        solution,
        new Date(createdAt),
        new Date(updatedAt),
        firstResponseAt === null ? null : new Date(firstResponseAt),
        resolvedAt === null ? null : new Date(resolvedAt),
        closedAt === null ? null : new Date(closedAt),
        version,
        slaTracked ? new Date(createdAt) : null,
        slaBreachedAt === null ? null : new Date(slaBreachedAt),
        solvedOnCall,
        ratingScore,
        JSON.stringify(slaHistory),
      ]);
    // What the triggers of the migration 'sla_history' would have appended (see sla_history_*_entry there).
    const slaHistory: object[] = [];
    const events: string[] = [];
    const event = (
      at: number,
      actor: string | null,
      type: string,
      fieldName: string | null,
      fromValue: string | null,
      toValue: string | null,
      data: object | null,
      internal = false,
      dedupeKey: string | null = null,
    ) => {
      const eventId = id(at);
      if (SLA_HISTORY_EVENTS.has(type)) {
        const { scheduledAt, status } = (data ?? {}) as { scheduledAt?: string; status?: { to?: string } };
        slaHistory.push({
          at,
          id: eventId,
          type,
          ...(fieldName !== null ? { field: fieldName } : {}),
          ...(toValue !== null ? { to: toValue } : {}),
          ...(scheduledAt ? { scheduledAt } : {}),
          ...(status?.to ? { claimTo: status.to } : {}),
        });
      }
      events.push(
        line([
          eventId,
          ticketId,
          actor,
          type,
          fieldName,
          fromValue,
          toValue,
          internal,
          data && JSON.stringify(data),
          new Date(at),
          dedupeKey,
        ]),
      );
    };
    event(
      createdAt,
      creator,
      'CREATED',
      'status',
      null,
      solvedOnCall ? 'DONE' : 'NEW',
      solvedOnCall ? { channel, solvedDuringCall: true } : { channel },
    );
    const notes: string[] = [];
    if (claimed && !solvedOnCall) {
      event(claimedAt!, operator, 'CLAIMED', 'claimedById', null, operator, {
        status: { from: 'NEW', to: 'AWAITING_INPUT' },
      });
      const noteId = id(firstResponseAt!);
      slaHistory.push({ at: firstResponseAt!, note: 'agent' });
      notes.push(
        line([
          noteId,
          ticketId,
          operator,
          'PUBLIC',
          'Buongiorno, abbiamo preso in carico la richiesta e la contatteremo a breve.',
          new Date(firstResponseAt!),
        ]),
      );
      event(firstResponseAt!, operator, 'NOTE_ADDED', null, null, null, { noteId, attachments: 0 });
      if (rand() < 0.4) {
        const at = limit(firstResponseAt! + logNormal(rand, 30 * MINUTE, 1));
        const noteId2 = id(at);
        notes.push(
          line([
            noteId2,
            ticketId,
            operator,
            'INTERNAL',
            'Verificato da remoto: serve un intervento sul posto.',
            new Date(at),
          ]),
        );
        event(at, operator, 'NOTE_ADDED', null, null, null, { noteId: noteId2, attachments: 0 }, true);
      }
      const to = closed ? status : status === 'AWAITING_INPUT' ? null : status;
      if (to)
        event(
          closedAt ?? limit(firstResponseAt! + MINUTE),
          operator,
          'STATUS_CHANGED',
          'status',
          'AWAITING_INPUT',
          to,
          {},
        );
    }
    if (slaTracked) {
      event(
        createdAt,
        null,
        'SLA_STARTED',
        'resolution',
        null,
        null,
        { target: 'resolution', policyId: ref.policyIds[0] },
        true,
        `sla:${ticketId}:resolution:${createdAt}:STARTED`,
      );
      if (slaBreachedAt !== null)
        event(
          slaBreachedAt,
          null,
          'SLA_BREACHED',
          'resolution',
          null,
          null,
          { target: 'resolution', policyId: ref.policyIds[0] },
          true,
          `sla:${ticketId}:resolution:${createdAt}:BREACHED`,
        );
      else if (closedAt !== null)
        event(
          closedAt,
          null,
          'SLA_MET',
          'resolution',
          null,
          null,
          { target: 'resolution', policyId: ref.policyIds[0] },
          true,
          `sla:${ticketId}:resolution:${createdAt}:MET:${closedAt}`,
        );
    }
    let rating: string | null = null;
    let score: number | null = null;
    if (status === 'DONE' && rand() < 0.33) {
      score = rand() < 0.7 ? 5 : rand() < 0.6 ? 4 : 1 + Math.floor(rand() * 3);
      const at = limit(closedAt! + logNormal(rand, 3 * 3_600_000, 1));
      rating = line([
        id(at),
        ticketId,
        score,
        score < 3 ? 'Tempi troppo lunghi.' : null,
        'SURVEY',
        customer.contactId,
        new Date(at),
      ]);
    }
    yield { ticket: ticketRow(score), events, notes, rating };
  }
}

/**
 * One pass over the generated tickets feeding four COPY streams at once (one connection each), in ~256 KiB chunks,
 * waiting for a stream to drain when PostgreSQL falls behind.
 */
async function copyTickets(
  pool: pg.Pool,
  count: number,
  ref: Reference,
  dataNow: number,
  seed: number,
  log: (m: string) => void,
) {
  const tables: Array<[string, string[], (g: Generated) => Iterable<string>]> = [
    ['Ticket', TICKET_COLUMNS, (g) => [g.ticket]],
    ['TicketEvent', EVENT_COLUMNS, (g) => g.events],
    ['Note', NOTE_COLUMNS, (g) => g.notes],
    ['Rating', RATING_COLUMNS, (g) => (g.rating ? [g.rating] : [])],
  ];
  const clients = await Promise.all(tables.map(() => pool.connect()));
  try {
    const sinks = await Promise.all(
      tables.map(async ([table, columns], i) => {
        await clients[i]!.query(`SET session_replication_role = replica`);
        const stream = clients[i]!.query(
          copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
        );
        const done = finished(stream);
        done.catch(() => {}); // awaited below; an early failure must not go unhandled meanwhile
        return { table, stream, done, buffer: '', rows: 0 };
      }),
    );
    const started = Date.now();
    let n = 0;
    for (const generated of tickets(count, ref, dataNow, seed)) {
      for (const [i, [, , rowsOf]] of tables.entries()) {
        const sink = sinks[i]!;
        for (const row of rowsOf(generated)) {
          sink.buffer += row;
          sink.rows++;
        }
        if (sink.buffer.length > 262_144) {
          const chunk = sink.buffer;
          sink.buffer = '';
          if (!sink.stream.write(chunk)) await once(sink.stream, 'drain');
        }
      }
      if (++n % 100_000 === 0) log(`  ${n} tickets (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const sink of sinks) sink.stream.end(sink.buffer);
    await Promise.all(sinks.map((sink) => sink.done));
    return Object.fromEntries(sinks.map((sink) => [sink.table, sink.rows]));
  } finally {
    for (const client of clients) client.release();
  }
}

async function insertReference(client: pg.PoolClient, dataNow: number, seed: number): Promise<Reference> {
  const rand = random(seed + 7);
  const id = createIds(random(seed + 8));
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const created = new Date(dataNow - HISTORY_DAYS * DAY - DAY);
  const operators: Reference['operators'] = [];
  const users: string[] = [];
  users.push(line([id(created.getTime()), BENCH_ADMIN_EMAIL, 'Bench Admin', 'ADMIN', passwordHash, created]));
  for (let i = 0; i < OPERATORS; i++) {
    const userId = id(created.getTime() + i + 1);
    operators.push({ id: userId, weight: 1 + rand() * 4 });
    const role = i < 4 ? 'SUPERVISOR' : 'OPERATOR';
    users.push(line([userId, `operatore${i + 1}@sportello.test`, `Operatore ${i + 1}`, role, passwordHash, created]));
  }
  await copyRows(client, 'User', ['id', 'email', 'name', 'role', 'passwordHash', 'createdAt'], users);
  const queues = QUEUES.map((_, i) => id(created.getTime() + 100 + i));
  await copyRows(
    client,
    'Queue',
    ['id', 'name', 'position', 'createdAt'],
    QUEUES.map((name, i) => line([queues[i]!, name, i, created])),
  );
  const customers: Reference['customers'] = [];
  const customerRows: string[] = [];
  const contactRows: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const contract = rand() < 0.6;
    const customer = { id: id(created.getTime() + 1000 + i), contactId: id(created.getTime() + 1000 + i), contract };
    customers.push(customer);
    customerRows.push(
      line([
        customer.id,
        `Cliente ${i + 1} S.r.l.`,
        contract ? 'ACTIVE' : 'NONE',
        contract ? 'MAINTENANCE_FEE' : null,
        created,
      ]),
    );
    contactRows.push(
      line([
        customer.contactId,
        customer.id,
        `Referente ${i + 1}`,
        `referente${i + 1}@cliente.test`,
        `+39 051 ${String(100000 + i)}`,
        created,
      ]),
    );
  }
  await copyRows(client, 'Customer', ['id', 'name', 'contractState', 'contractKind', 'createdAt'], customerRows);
  await copyRows(client, 'Contact', ['id', 'customerId', 'name', 'email', 'phone', 'createdAt'], contactRows);
  const policyId = id(created.getTime() + 50);
  await client.query(
    `INSERT INTO "SlaPolicy" ("id", "name", "position", "contract", "firstResponseSeconds", "resolutionSeconds", "calendar", "updatedAt")
     VALUES ($1, 'Canone di manutenzione', 0, 'MAINTENANCE_FEE', 3600, 28800, '{}'::jsonb, now())`,
    [policyId],
  );
  return { queues, operators, customers, policyIds: [policyId] };
}

const LOADED_TABLES = ['Ticket', 'TicketEvent', 'Note', 'Rating'];

/** Generates the data set into an empty bench database (any earlier data is removed first). */
export async function generate(databaseUrl: string, count: number, log: (message: string) => void) {
  const started = Date.now();
  const dataNow = Date.now();
  const seed = 20_261_123;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  try {
    const client = await pool.connect();
    let indexes: string[];
    let reference: Reference;
    try {
      await client.query(`DELETE FROM ${BENCH_SCHEMA}.dataset`);
      await client.query(
        `TRUNCATE "Ticket", "TicketEvent", "Note", "Rating", "TicketAutomation", "SlaPolicy", "Contact", "Customer",
         "Category", "Queue", "ApiToken", "Session", "User" CASCADE`,
      );
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        [LOADED_TABLES],
      );
      indexes = rows.map((row) => row.indexdef);
      for (const row of rows) await client.query(`DROP INDEX "${row.indexname}"`);
      await client.query(`SET session_replication_role = replica`);
      reference = await insertReference(client, dataNow, seed);
    } finally {
      client.release();
    }
    log(`generating ${count} tickets (indexes dropped for the load)…`);
    const rows = await copyTickets(pool, count, reference, dataNow, seed, log);
    const loaded = Date.now();
    log(`rebuilding ${indexes.length} indexes…`);
    await Promise.all(
      chunk(indexes, 2).map(async (group) => {
        const c = await pool.connect();
        try {
          await c.query(`SET maintenance_work_mem = '256MB'`);
          for (const definition of group) await c.query(definition);
        } finally {
          c.release();
        }
      }),
    );
    await pool.query(`SELECT setval(pg_get_serial_sequence('"Ticket"', 'number'), $1)`, [count]);
    log('vacuum analyze…');
    for (const table of [...LOADED_TABLES, 'User', 'Queue', 'Customer', 'Contact'])
      await pool.query(`VACUUM ANALYZE "${table}"`);
    const seconds = (Date.now() - started) / 1000;
    await pool.query(
      `INSERT INTO ${BENCH_SCHEMA}.dataset (tickets, generated_at, data_now_ms, seconds, rows) VALUES ($1, now(), $2, $3, $4)`,
      [count, dataNow, seconds, JSON.stringify({ ...rows, copySeconds: (loaded - started) / 1000 })],
    );
    return { dataNow: new Date(dataNow), seconds, rows };
  } finally {
    await pool.end();
  }
}

function chunk<T>(items: T[], parts: number): T[][] {
  const groups: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => groups[i % parts]!.push(item));
  return groups;
}
