-- DropIndex
DROP INDEX "Ticket_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_resolvedAt_idx";

-- DropIndex
DROP INDEX "Ticket_firstResponseAt_idx";

-- DropIndex
DROP INDEX "Ticket_closedAt_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "firstContactResolved" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ratingScore" INTEGER,
ADD COLUMN     "slaBreachedAt" TIMESTAMP(3),
ADD COLUMN     "slaTrackedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Ticket_createdAt_metrics_idx" ON "Ticket"("createdAt", "queueId", "claimedById", "firstContactResolved");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_metrics_idx" ON "Ticket"("resolvedAt", "createdAt", "queueId", "claimedById");

-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_metrics_idx" ON "Ticket"("firstResponseAt", "createdAt", "queueId", "claimedById");

-- CreateIndex
CREATE INDEX "Ticket_closedAt_metrics_idx" ON "Ticket"("closedAt", "queueId", "claimedById", "slaTrackedAt", "slaBreachedAt", "ratingScore");

-- Written by hand (Prisma cannot express what follows). Every statement below is free of literal semicolons
-- inside it: the migration runner splits the script on them, so the PL/pgSQL body is an E'' string whose
-- statement ends are written \x3b.

-- Open tickets only (a few percent of them all): backlog by queue and status, open work per operator.
-- The predicate repeats the metrics queries' IN list exactly (see OPEN_STATUSES in the metrics module).
CREATE INDEX "Ticket_open_metrics_idx" ON "Ticket"("queueId", "status", "claimedById")
WHERE "status" IN ('NEW', 'AWAITING_INPUT', 'REQUEST_SENT', 'IN_PROGRESS', 'RESCHEDULED', 'CHANGES_REQUESTED', 'SUSPENDED', 'COMPLAINT');

-- The per-ticket outcomes follow the timeline, whoever writes it (automation worker, imports, tests): SLA clock
-- events set slaTrackedAt (and slaBreachedAt for a breach) to the earliest such event, and a CREATED event
-- saying the ticket was solved at first contact sets firstContactResolved.
CREATE FUNCTION "ticket_metrics_outcome"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."type" = ''CREATED'' THEN
    UPDATE "Ticket" SET "firstContactResolved" = true WHERE "id" = NEW."ticketId"\x3b
  ELSE
    UPDATE "Ticket" SET
      "slaTrackedAt" = LEAST(COALESCE("slaTrackedAt", NEW."createdAt"), NEW."createdAt"),
      "slaBreachedAt" = CASE WHEN NEW."type" = ''SLA_BREACHED''
        THEN LEAST(COALESCE("slaBreachedAt", NEW."createdAt"), NEW."createdAt") ELSE "slaBreachedAt" END
    WHERE "id" = NEW."ticketId"\x3b
  END IF\x3b
  RETURN NULL\x3b
END';

CREATE TRIGGER "TicketEvent_metrics_outcome" AFTER INSERT ON "TicketEvent" FOR EACH ROW
WHEN (
  NEW."type" IN ('SLA_STARTED', 'SLA_MET', 'SLA_BREACHED')
  OR (NEW."type" = 'CREATED' AND (NEW."toValue" = 'DONE' OR NEW."data" @> '{"solvedDuringCall": true}'::jsonb))
)
EXECUTE FUNCTION "ticket_metrics_outcome"();

-- Tickets recorded before this migration.
UPDATE "Ticket" t SET "slaTrackedAt" = s."trackedAt", "slaBreachedAt" = s."breachedAt"
FROM (
  SELECT "ticketId", min("createdAt") AS "trackedAt",
         min("createdAt") FILTER (WHERE "type" = 'SLA_BREACHED') AS "breachedAt"
  FROM "TicketEvent" WHERE "type" IN ('SLA_STARTED', 'SLA_MET', 'SLA_BREACHED')
  GROUP BY "ticketId"
) s
WHERE t."id" = s."ticketId";

UPDATE "Ticket" t SET "firstContactResolved" = true
FROM "TicketEvent" e
WHERE e."ticketId" = t."id" AND e."type" = 'CREATED'
  AND (e."toValue" = 'DONE' OR e."data" @> '{"solvedDuringCall": true}'::jsonb);

-- Satisfaction reads each closed ticket's score from the ticket (so from the closedAt index alone): a rating is
-- written once per ticket, and deleted only with its ticket.
CREATE FUNCTION "ticket_rating_score"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Ticket" SET "ratingScore" = NEW."score" WHERE "id" = NEW."ticketId"\x3b
  RETURN NULL\x3b
END';

CREATE TRIGGER "Rating_ticket_score" AFTER INSERT OR UPDATE OF "score", "ticketId" ON "Rating" FOR EACH ROW
EXECUTE FUNCTION "ticket_rating_score"();

UPDATE "Ticket" t SET "ratingScore" = r."score" FROM "Rating" r WHERE r."ticketId" = t."id";
