-- Lists of open tickets (a few percent of them all), newest or oldest first and by last change: the dashboard's
-- default list, the backlog oldest first and the wallboard's open tickets. Without these, such a page walked the
-- index of every ticket past the closed ones (40 ms oldest first on 1,000,000 tickets) or sorted all open tickets
-- (0.1 to 0.6 s by last change), with them it reads its rows in order.
-- Open tickets are those without a closing time (lifecycle's timestampsFor sets and clears it): the list asks for
-- that, which the planner matches against these predicates (the status list reaches it as casts of parameters).
CREATE INDEX "Ticket_open_createdAt_idx" ON "Ticket"("createdAt", "id") WHERE "closedAt" IS NULL;

CREATE INDEX "Ticket_open_updatedAt_idx" ON "Ticket"("updatedAt", "id") WHERE "closedAt" IS NULL;
