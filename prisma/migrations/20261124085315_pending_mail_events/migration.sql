-- CreateTable
CREATE TABLE "PendingMailEvent" (
    "eventId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingMailEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "PendingMailEvent_dueAt_idx" ON "PendingMailEvent"("dueAt");

-- AddForeignKey
ALTER TABLE "PendingMailEvent" ADD CONSTRAINT "PendingMailEvent_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "TicketEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
