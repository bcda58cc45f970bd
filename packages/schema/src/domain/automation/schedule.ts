import type { Prisma } from '@sportello/db';

/**
 * Asks the automation worker to look at a ticket again at `at` (SLA events, escalations, automatic closure).
 * Stored in PostgreSQL with the change that caused it, so that it survives restarts and any instance may do it.
 */
export async function scheduleAutomation(tx: Prisma.TransactionClient, ticketId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "TicketAutomation" ("ticketId", "dueAt") VALUES (${ticketId}, ${at.toISOString()}::timestamp(3))
    ON CONFLICT ("ticketId") DO UPDATE SET "dueAt" = LEAST(COALESCE("TicketAutomation"."dueAt", EXCLUDED."dueAt"), EXCLUDED."dueAt")`;
}
