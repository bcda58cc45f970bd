-- A ticket is closed (DONE or CANCELLED) exactly when it has a closing time. Lifecycle's timestampsFor keeps the
-- two in step on every status change, and the open ticket lists rely on it: they ask for the tickets without a
-- closing time (see open_ticket_lists). The constraint holds every other writer (imports, scripts) to it.
-- Rows written out of step before it existed are mended first, from the resolution or the last change.
UPDATE "Ticket" SET "closedAt" = COALESCE("resolvedAt", "updatedAt")
WHERE "status" IN ('DONE', 'CANCELLED') AND "closedAt" IS NULL;

UPDATE "Ticket" SET "closedAt" = NULL, "resolvedAt" = NULL
WHERE "status" NOT IN ('DONE', 'CANCELLED') AND "closedAt" IS NOT NULL;

ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_closed_with_closing_time"
CHECK (("closedAt" IS NOT NULL) = ("status" IN ('DONE', 'CANCELLED')));
