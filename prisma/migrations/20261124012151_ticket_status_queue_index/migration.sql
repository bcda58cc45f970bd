-- The open tickets counted per queue and status (the wallboard counters) come from this index alone: the open
-- statuses are a few thousand entries of a million, read without visiting the table.
-- DropIndex
DROP INDEX "Ticket_status_idx";

-- CreateIndex
CREATE INDEX "Ticket_status_queueId_idx" ON "Ticket"("status", "queueId");
