-- CreateEnum
CREATE TYPE "SlaContractMatch" AS ENUM ('MAINTENANCE_FEE', 'PREPAID_HOURS', 'HELP_DESK_DIRECT', 'NO_CONTRACT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TicketEventType" ADD VALUE 'SLA_STARTED';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_PAUSED';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_RESUMED';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_MET';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_AT_RISK';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_BREACHED';
ALTER TYPE "TicketEventType" ADD VALUE 'SLA_ESCALATED';
ALTER TYPE "TicketEventType" ADD VALUE 'REMINDER_FIRED';
ALTER TYPE "TicketEventType" ADD VALUE 'AUTO_CLOSE_WARNING';
ALTER TYPE "TicketEventType" ADD VALUE 'AUTO_CLOSED';

-- AlterTable
ALTER TABLE "TicketEvent" ADD COLUMN     "dedupeKey" TEXT;

-- CreateTable
CREATE TABLE "Rating" (
    "id" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "contactId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "queueId" TEXT,
    "priority" INTEGER,
    "contract" "SlaContractMatch",
    "firstResponseSeconds" INTEGER,
    "nextResponseSeconds" INTEGER,
    "resolutionSeconds" INTEGER,
    "calendar" JSONB NOT NULL,
    "pausedStatuses" "TicketStatus"[] DEFAULT ARRAY['CHANGES_REQUESTED', 'SUSPENDED', 'RESCHEDULED']::"TicketStatus"[],
    "atRiskFraction" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "notifyOnAtRisk" BOOLEAN NOT NULL DEFAULT true,
    "notifyOnBreach" BOOLEAN NOT NULL DEFAULT true,
    "raisePriorityOnBreach" BOOLEAN NOT NULL DEFAULT true,
    "reassignOnBreachToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlaPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketAutomation" (
    "ticketId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "evaluatedAt" TIMESTAMP(3),

    CONSTRAINT "TicketAutomation_pkey" PRIMARY KEY ("ticketId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rating_ticketId_key" ON "Rating"("ticketId");

-- CreateIndex
CREATE INDEX "Rating_createdAt_idx" ON "Rating"("createdAt");

-- CreateIndex
CREATE INDEX "Rating_contactId_idx" ON "Rating"("contactId");

-- CreateIndex
CREATE INDEX "SlaPolicy_position_idx" ON "SlaPolicy"("position");

-- CreateIndex
CREATE INDEX "TicketAutomation_dueAt_idx" ON "TicketAutomation"("dueAt");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_idx" ON "Ticket"("resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_idx" ON "Ticket"("firstResponseAt");

-- CreateIndex
CREATE INDEX "Ticket_closedAt_idx" ON "Ticket"("closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TicketEvent_dedupeKey_key" ON "TicketEvent"("dedupeKey");

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaPolicy" ADD CONSTRAINT "SlaPolicy_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaPolicy" ADD CONSTRAINT "SlaPolicy_reassignOnBreachToId_fkey" FOREIGN KEY ("reassignOnBreachToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketAutomation" ADD CONSTRAINT "TicketAutomation_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Default SLA policy, so that an empty help desk has service levels from the start (admins edit, reorder or
-- delete it). Office hours Mon-Fri 09-13 and 14-18 Europe/Rome, closed on the Italian national holidays. First
-- response within 4 business hours, next response within 8, resolution within 5 business days (40 hours).
INSERT INTO "SlaPolicy" ("id", "name", "position", "firstResponseSeconds", "nextResponseSeconds", "resolutionSeconds", "calendar", "updatedAt")
VALUES (gen_random_uuid()::text, 'Standard', 1000, 14400, 28800, 144000, '{"timeZone":"Europe/Rome","holidays":{"italianNational":true}}'::jsonb, CURRENT_TIMESTAMP);
