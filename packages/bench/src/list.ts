import pg from 'pg';
import type { BenchSection } from './report.ts';
import { graphql, httpLoad, measure, ms, perSecond, type Bounds, type LoadResult } from './load.ts';
import { STORED_SLA_STATE } from './peer.ts';

export const PAGE = 50;
export const OPEN_PAGE = 100;

/** The dashboard's ticket list: the newest 50 tickets with their queue, claimer and SLA clocks. */
export const SPORTELLO_LIST = /* GraphQL */ `
  query BenchList {
    tickets(first: ${PAGE}) {
      edges {
        node {
          id
          code
          number
          subject
          status
          requestedPriority
          assessedPriority
          createdAt
          queue { name }
          claimedBy { name }
          sla { firstResponse { state dueAt } resolution { state dueAt } }
        }
      }
    }
  }
`;

/** What PostGraphile returns of each ticket, beside its queue and claimer (the floor's columns). */
const PEER_TICKET_FIELDS = `
        id
        number
        subject
        status
        requestedPriority
        assessedPriority
        createdAt
        slaState
        slaBreachedAt`;

/** The same page from PostGraphile, over the views of the peer schema. */
export const PEER_LIST = /* GraphQL */ `
  query PeerList {
    allTickets(first: ${PAGE}, orderBy: [CREATED_AT_DESC]) {
      nodes {${PEER_TICKET_FIELDS}
        queueByQueueId { name }
        operatorByClaimedById { name }
      }
    }
  }
`;

const FLOOR_COLUMNS = `t."id", t."number", t."subject", t."status", t."requestedPriority", t."assessedPriority", t."createdAt",
         q."name" AS "queueName", u."name" AS "claimerName", ${STORED_SLA_STATE} AS "slaState", t."slaBreachedAt"
  FROM "Ticket" t
  JOIN "Queue" q ON q."id" = t."queueId"
  LEFT JOIN "User" u ON u."id" = t."claimedById"`;

/** The floor: one hand-written statement returning the same rows. */
export const FLOOR_LIST = `
  SELECT ${FLOOR_COLUMNS}
  ORDER BY t."createdAt" DESC, t."id" DESC
  LIMIT ${PAGE}`;

/** The wallboard's open tickets: the 100 changed last, with every SLA clock (old tickets among them). */
export const SPORTELLO_OPEN_LIST = /* GraphQL */ `
  query BenchOpenList {
    tickets(filter: { open: true }, orderBy: { field: UPDATED_AT, direction: DESC }, first: ${OPEN_PAGE}) {
      edges {
        node {
          id
          code
          subject
          status
          priority
          createdAt
          queue { id name }
          claimedBy { id name }
          sla {
            firstResponse { state dueAt }
            nextResponse { state dueAt }
            resolution { state dueAt }
          }
        }
      }
    }
  }
`;

/** The same page from PostGraphile. */
export const PEER_OPEN_LIST = /* GraphQL */ `
  query PeerOpenList {
    allTickets(first: ${OPEN_PAGE}, condition: { closedAt: null }, orderBy: [UPDATED_AT_DESC]) {
      nodes {${PEER_TICKET_FIELDS}
        queueByQueueId { id name }
        operatorByClaimedById { id name }
      }
    }
  }
`;

/** The same rows by hand. */
export const FLOOR_OPEN_LIST = `
  SELECT ${FLOOR_COLUMNS}
  WHERE t."closedAt" IS NULL
  ORDER BY t."updatedAt" DESC, t."id" DESC
  LIMIT ${OPEN_PAGE}`;

interface ListPage {
  name: string;
  size: number;
  sportello: string;
  peer: string;
  floor: string;
  concurrencies: number[];
}

export interface ListTargets {
  sportelloUrl: string;
  token: string;
  peerUrl: string;
  databaseUrl: string;
  concurrencies: number[];
  bounds: Bounds;
  log: (message: string) => void;
}

export async function runList(targets: ListTargets): Promise<BenchSection> {
  const pages: ListPage[] = [
    {
      name: `newest ${PAGE}`,
      size: PAGE,
      sportello: SPORTELLO_LIST,
      peer: PEER_LIST,
      floor: FLOOR_LIST,
      concurrencies: targets.concurrencies,
    },
    {
      name: `open, last changed ${OPEN_PAGE}`,
      size: OPEN_PAGE,
      sportello: SPORTELLO_OPEN_LIST,
      peer: PEER_OPEN_LIST,
      floor: FLOOR_OPEN_LIST,
      concurrencies: targets.concurrencies.filter((concurrency) => concurrency <= 16),
    },
  ];
  const auth = { authorization: `Bearer ${targets.token}` };
  const rows: BenchSection['rows'] = [];
  const notes: string[] = [];
  for (const page of pages) {
    // Fail loudly before loading anything: each side must answer the page without errors.
    const sportello = await graphql<{ tickets: { edges: unknown[] } }>(targets.sportelloUrl, page.sportello, {}, auth);
    const peer = await graphql<{ allTickets: { nodes: unknown[] } }>(targets.peerUrl, page.peer);
    if (sportello.tickets.edges.length !== page.size || peer.allTickets.nodes.length !== page.size) {
      throw new Error(
        `${page.name}: expected ${page.size} tickets from both servers, got ${sportello.tickets.edges.length} and ` +
          `${peer.allTickets.nodes.length}`,
      );
    }
    const sportelloBody = JSON.stringify({ query: page.sportello });
    const peerBody = JSON.stringify({ query: page.peer });
    for (const concurrency of page.concurrencies) {
      const pool = new pg.Pool({ connectionString: targets.databaseUrl, max: Math.min(concurrency, 20) });
      let floor: LoadResult;
      try {
        targets.log(`list ${page.name} c=${concurrency}: floor (pg)`);
        floor = await measure(concurrency, targets.bounds, async () => {
          const { rowCount } = await pool.query(page.floor);
          if (rowCount !== page.size) throw new Error(`floor returned ${rowCount} rows`);
        });
      } finally {
        await pool.end();
      }
      targets.log(`list ${page.name} c=${concurrency}: PostGraphile`);
      const peerResult = await httpLoad(targets.peerUrl, peerBody, concurrency, targets.bounds);
      targets.log(`list ${page.name} c=${concurrency}: Sportello`);
      const ours = await httpLoad(targets.sportelloUrl, sportelloBody, concurrency, targets.bounds, auth);
      for (const [name, result] of [
        ['Sportello API', ours],
        ['PostGraphile 5 (peer)', peerResult],
        ['pg, one SQL query (floor)', floor],
      ] as const) {
        rows.push({
          page: page.name,
          concurrency,
          server: name,
          'req/s': perSecond(result.throughput),
          'p50 ms': ms(result.p50),
          'p99 ms': ms(result.p99),
          requests: result.count,
          errors: result.errors,
        });
      }
      const throughputMet = ours.throughput >= peerResult.throughput;
      const latencyMet = ours.count > 0 && ours.p50 <= 2 * floor.p50;
      notes.push(
        `${page.name}, c=${concurrency}: throughput ${perSecond(ours.throughput)} vs PostGraphile ` +
          `${perSecond(peerResult.throughput)} req/s — ${throughputMet ? 'met' : 'MISSED'} (target ≥ peer); ` +
          `p50 ${ms(ours.p50)} ms vs floor ${ms(floor.p50)} ms — ${latencyMet ? 'met' : 'MISSED'} (target ≤ 2× floor).`,
      );
    }
  }
  notes.push(
    'Sportello computes each ticket’s SLA clocks (first response, resolution) under the business calendar from ' +
      'the history kept on its row (read with the page, plus one query for the policies); the floor and the peer ' +
      'read the SLA state stored on the ticket (slaTrackedAt/slaBreachedAt/closedAt), which is what plain SQL can ' +
      'return.',
    `"open, last changed ${OPEN_PAGE}": the wallboard's open tickets, whose SLA clocks run back to tickets ` +
      'opened long ago; Sportello asks for them as open tickets, the floor and the peer as tickets without a ' +
      'closing time (the same rows).',
    'PostGraphile 5 declares Node ≥ 22; on Node 20 the bench supplies the one missing built-in it calls ' +
      '(Promise.withResolvers) before loading it. It runs inside the bench process, beside the load generator.',
  );
  return {
    title: 'Ticket lists (pages of tickets with queue, claimer and SLA state)',
    columns: ['page', 'concurrency', 'server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'],
    rows,
    notes,
  };
}
