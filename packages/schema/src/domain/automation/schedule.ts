import { Prisma } from '@sportello/db';

/**
 * The statement that asks the automation worker to look at a ticket again at `at` (SLA events, escalations,
 * automatic closure). Stored in PostgreSQL with the change that caused it, so that it survives restarts and any
 * instance may do it; a statement rather than a function, so that a change can send it together with another.
 */
export const automationScheduleSql = (ticketId: string, at: Date) => Prisma.sql`
  INSERT INTO "TicketAutomation" ("ticketId", "dueAt") VALUES (${ticketId}, ${at.toISOString()}::timestamp(3))
  ON CONFLICT ("ticketId") DO UPDATE SET "dueAt" = LEAST(COALESCE("TicketAutomation"."dueAt", EXCLUDED."dueAt"), EXCLUDED."dueAt")`;
