-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "slaHistory" JSONB NOT NULL DEFAULT '[]';

-- Written by hand (Prisma cannot express what follows). As in 'metrics_outcomes': no literal semicolon inside a
-- statement (the migration runner splits the script on them), so PL/pgSQL bodies are E'' strings with \x3b.

-- What the SLA clocks need from a timeline entry, or null when it does not concern them: the creation (with its
-- status), status changes (with a rescheduled date), the status a claim moved the ticket to, and reassignments.
-- `at` is epoch milliseconds (createdAt is UTC, to the millisecond).
CREATE FUNCTION "sla_history_event_entry"(e "TicketEvent") RETURNS jsonb LANGUAGE sql IMMUTABLE AS '
  SELECT CASE WHEN e."type" IN (''CREATED'', ''STATUS_CHANGED'', ''AUTO_CLOSED'', ''CLAIMED'', ''REASSIGNED'')
    THEN jsonb_strip_nulls(jsonb_build_object(
      ''at'', (extract(epoch FROM e."createdAt") * 1000)::bigint,
      ''id'', e."id",
      ''type'', e."type",
      ''field'', e."field",
      ''to'', e."toValue",
      ''scheduledAt'', e."data" ->> ''scheduledAt'',
      ''claimTo'', e."data" #>> ''{status,to}''
    ))
  END';

-- A reply counts for the clocks when a customer wrote it (any visibility) or staff wrote it publicly, notes the
-- system wrote (no author) and internal staff notes do not. The author's role is the one at the time of writing.
CREATE FUNCTION "sla_history_note_entry"(n "Note", "authorRole" "Role") RETURNS jsonb LANGUAGE sql IMMUTABLE AS '
  SELECT CASE WHEN "authorRole" = ''CUSTOMER'' OR ("authorRole" IS NOT NULL AND n."visibility" = ''PUBLIC'')
    THEN jsonb_build_object(
      ''at'', (extract(epoch FROM n."createdAt") * 1000)::bigint,
      ''note'', CASE WHEN "authorRole" = ''CUSTOMER'' THEN ''customer'' ELSE ''agent'' END
    )
  END';

-- Appending (rather than recomputing from the tables) keeps concurrent writers right: the UPDATE waits for the
-- row lock and then appends to the version the other writer committed.
CREATE FUNCTION "ticket_sla_history_event"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Ticket" SET "slaHistory" = "slaHistory" || jsonb_build_array("sla_history_event_entry"(NEW))
  WHERE "id" = NEW."ticketId"\x3b
  RETURN NULL\x3b
END';

CREATE TRIGGER "TicketEvent_sla_history" AFTER INSERT ON "TicketEvent" FOR EACH ROW
WHEN ("sla_history_event_entry"(NEW) IS NOT NULL)
EXECUTE FUNCTION "ticket_sla_history_event"();

CREATE FUNCTION "ticket_sla_history_note"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  entry jsonb\x3b
BEGIN
  SELECT "sla_history_note_entry"(NEW, u."role") INTO entry FROM "User" u WHERE u."id" = NEW."authorId"\x3b
  IF entry IS NOT NULL THEN
    UPDATE "Ticket" SET "slaHistory" = "slaHistory" || jsonb_build_array(entry) WHERE "id" = NEW."ticketId"\x3b
  END IF\x3b
  RETURN NULL\x3b
END';

CREATE TRIGGER "Note_sla_history" AFTER INSERT ON "Note" FOR EACH ROW
WHEN (NEW."authorId" IS NOT NULL)
EXECUTE FUNCTION "ticket_sla_history_note"();

-- Tickets recorded before this migration.
UPDATE "Ticket" t SET "slaHistory" = h."entries"
FROM (
  SELECT "ticketId", jsonb_agg("entry" ORDER BY "at", "id") AS "entries"
  FROM (
    SELECT e."ticketId", e."createdAt" AS "at", e."id", "sla_history_event_entry"(e) AS "entry"
    FROM "TicketEvent" e
    UNION ALL
    SELECT n."ticketId", n."createdAt", n."id", "sla_history_note_entry"(n, u."role")
    FROM "Note" n JOIN "User" u ON u."id" = n."authorId"
  ) entries
  WHERE "entry" IS NOT NULL
  GROUP BY "ticketId"
) h
WHERE t."id" = h."ticketId";
