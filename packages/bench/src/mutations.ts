import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchSection } from './report.ts';
import { graphql, httpLoad, measure, ms, perSecond, type Bounds } from './load.ts';

const CREATE = /* GraphQL */ `
  mutation BenchCreate($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      number
      status
      version
    }
  }
`;
const CLAIM = /* GraphQL */ `
  mutation BenchClaim($id: ID!, $version: Int) {
    claimTicket(id: $id, version: $version) {
      id
      status
      version
    }
  }
`;
const TRANSITION = /* GraphQL */ `
  mutation BenchTransition($id: ID!, $input: TransitionTicketInput!) {
    transitionTicket(id: $id, input: $input) {
      id
      status
      version
    }
  }
`;

export interface MutationTargets {
  sportelloUrl: string;
  token: string;
  databaseUrl: string;
  concurrency: number;
  bounds: Bounds;
  log: (message: string) => void;
}

const SUBJECT = 'Bench: stampante non stampa';

/**
 * Waits (at most a minute) until the API's outbox writer has written the confirmation of every ticket created by
 * the load, and says how long that took after the load ended.
 */
async function outboxDrained(pool: pg.Pool, subject: string) {
  const started = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ tickets: number; mails: number; pending: number }>(
      `SELECT count(*)::int AS "tickets",
              (SELECT count(*)::int FROM "OutboundMail" o
               WHERE o."ticketId" IN (SELECT "id" FROM "Ticket" WHERE "subject" = $1)) AS "mails",
              (SELECT count(*)::int FROM "PendingMailEvent") AS "pending"
       FROM "Ticket" WHERE "subject" = $1`,
      [subject],
    );
    const { tickets, mails, pending } = rows[0]!;
    if (pending === 0) return { tickets, mails, afterMs: performance.now() - started };
    if (performance.now() - started > 60_000)
      throw new Error(`${pending} mails still unwritten a minute after the load`);
    await sleep(20);
  }
}

export async function runMutations(targets: MutationTargets): Promise<BenchSection> {
  const auth = { authorization: `Bearer ${targets.token}` };
  const pool = new pg.Pool({ connectionString: targets.databaseUrl, max: targets.concurrency });
  // The tickets this section creates are removed afterwards (and before, after an interrupted run): the data set
  // stays as generated for the next run.
  const cleanUp = async () => {
    await pool.query(
      `DELETE FROM "OutboundMail" WHERE "ticketId" IN (SELECT "id" FROM "Ticket" WHERE "subject" LIKE $1)`,
      [`${SUBJECT}%`],
    );
    await pool.query(`DELETE FROM "Ticket" WHERE "subject" LIKE $1`, [`${SUBJECT}%`]);
  };
  await cleanUp();
  try {
    const { rows: reference } = await pool.query<{
      queueId: string;
      customerId: string;
      contactId: string;
      userId: string;
    }>(`
      SELECT (SELECT "id" FROM "Queue" ORDER BY "position" LIMIT 1) AS "queueId", c."id" AS "customerId",
             k."id" AS "contactId", (SELECT "id" FROM "User" WHERE "role" = 'ADMIN' LIMIT 1) AS "userId"
      FROM "Customer" c JOIN "Contact" k ON k."customerId" = c."id"
      WHERE c."contractState" = 'ACTIVE' LIMIT 1`);
    const { queueId, customerId, contactId, userId } = reference[0]!;
    const input = {
      queueId,
      customerId,
      contactId,
      channel: 'EMAIL',
      subject: SUBJECT,
      placeAndWhat: 'Ufficio acquisti, stampante di rete',
      description: 'La stampante di rete non stampa da stamattina: il lavoro resta in coda.',
      requestedPriority: 1,
    };
    await graphql(targets.sportelloUrl, CREATE, { input }, auth);
    const rows: BenchSection['rows'] = [];
    const row = (operation: string, server: string, result: Awaited<ReturnType<typeof measure>>) =>
      rows.push({
        operation,
        server,
        concurrency: targets.concurrency,
        'ops/s': perSecond(result.throughput),
        'p50 ms': ms(result.p50),
        'p99 ms': ms(result.p99),
        count: result.count,
        errors: result.errors,
      });

    targets.log(`createTicket c=${targets.concurrency}: Sportello`);
    const created = await httpLoad(
      targets.sportelloUrl,
      JSON.stringify({ query: CREATE, variables: { input } }),
      targets.concurrency,
      targets.bounds,
      auth,
    );
    row('create ticket', 'Sportello API (GraphQL createTicket)', created);
    const confirmations = await outboxDrained(pool, SUBJECT);
    targets.log(`createTicket c=${targets.concurrency}: floor (pg)`);
    const createdFloor = await measure(targets.concurrency, targets.bounds, async () => {
      const client = await pool.connect();
      try {
        const id = randomUUID();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO "Ticket" ("id", "queueId", "customerId", "contactId", "channel", "subject", "placeAndWhat",
             "description", "requestedPriority", "createdById", "createdAt", "updatedAt")
           VALUES ($1, $2, $3, $4, 'EMAIL', $5, $6, $7, 1, $8, now(), now())`,
          [id, queueId, customerId, contactId, `${SUBJECT} (floor)`, input.placeAndWhat, input.description, userId],
        );
        await client.query(
          `INSERT INTO "TicketEvent" ("id", "ticketId", "actorId", "type", "field", "toValue", "data", "createdAt")
           VALUES ($1, $2, $3, 'CREATED', 'status', 'NEW', '{"channel": "EMAIL"}', now())`,
          [randomUUID(), id, userId],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    });
    row('create ticket', 'pg, INSERT ticket + event (floor)', createdFloor);

    // Claim + transition, on the tickets just created: each worker takes the next one.
    const { rows: fresh } = await pool.query<{ id: string; version: number; floor: boolean }>(
      `SELECT "id", "version", "subject" LIKE '%(floor)' AS "floor" FROM "Ticket"
       WHERE "subject" LIKE $1 AND "status" = 'NEW' AND "claimedById" IS NULL ORDER BY "createdAt"`,
      [`${SUBJECT}%`],
    );
    const ours = fresh.filter((t) => !t.floor);
    const floors = fresh.filter((t) => t.floor);
    targets.log(`claim + transition c=${targets.concurrency}: Sportello (${ours.length} tickets)`);
    const claimBounds = { ...targets.bounds, maxCount: Math.min(targets.bounds.maxCount, ours.length) };
    const claimed = await measure(targets.concurrency, claimBounds, async (i) => {
      const ticket = ours[i]!;
      const after = await graphql<{ claimTicket: { version: number } }>(
        targets.sportelloUrl,
        CLAIM,
        { id: ticket.id, version: ticket.version },
        auth,
      );
      await graphql(
        targets.sportelloUrl,
        TRANSITION,
        { id: ticket.id, input: { to: 'IN_PROGRESS', version: after.claimTicket.version } },
        auth,
      );
    });
    row('claim + transition (2 requests)', 'Sportello API (claimTicket, transitionTicket)', claimed);
    targets.log(`claim + transition c=${targets.concurrency}: floor (pg)`);
    const floorBounds = { ...targets.bounds, maxCount: Math.min(targets.bounds.maxCount, floors.length) };
    const claimedFloor = await measure(targets.concurrency, floorBounds, async (i) => {
      const ticket = floors[i]!;
      for (const [set, type, field, from, to] of [
        [
          `"claimedById" = $3, "claimedAt" = now(), "status" = 'AWAITING_INPUT'`,
          'CLAIMED',
          'claimedById',
          null,
          userId,
        ],
        [`"status" = 'IN_PROGRESS'`, 'STATUS_CHANGED', 'status', 'AWAITING_INPUT', 'IN_PROGRESS'],
      ] as const) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rowCount } = await client.query(
            `UPDATE "Ticket" SET ${set}, "version" = "version" + 1, "updatedAt" = now()
             WHERE "id" = $1 AND "version" = $2${set.includes('$3') ? '' : ' AND $3::text IS NOT NULL'}`,
            [ticket.id, ticket.version + (type === 'CLAIMED' ? 0 : 1), userId],
          );
          if (rowCount !== 1) throw new Error('stale version');
          await client.query(
            `INSERT INTO "TicketEvent" ("id", "ticketId", "actorId", "type", "field", "fromValue", "toValue", "createdAt")
             VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
            [randomUUID(), ticket.id, userId, type, field, from, to],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      }
    });
    row('claim + transition (2 requests)', 'pg, 2 × (conditional UPDATE + event) (floor)', claimedFloor);
    const met = created.throughput >= 1000;
    return {
      title: 'Mutations',
      columns: ['operation', 'server', 'concurrency', 'ops/s', 'p50 ms', 'p99 ms', 'count', 'errors'],
      rows,
      notes: [
        `createTicket: ${perSecond(created.throughput)} tickets/s — ${met ? 'met' : 'MISSED'} (target ≥ 1,000/s).`,
        'Each Sportello mutation is one transaction (optimistic version check, timeline event, automation ' +
          'scheduling, the mark for the outbox writer) and a publish to the live subscribers after the commit.',
        `The confirmation mails are written by the API's own outbox writer, in the same process, during the load: ` +
          `${confirmations.mails} confirmations for ${confirmations.tickets} tickets, the last one ` +
          `${ms(confirmations.afterMs)} ms after the load ended.`,
      ],
    };
  } finally {
    await cleanUp();
    await pool.end();
  }
}
