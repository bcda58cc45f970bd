-- A reply mail (or a resolution notice) names the staff note whose text it carries, so that the sender attaches
-- that note's files. Existing mails name none: they were written, and most sent, without their files.
-- AlterTable
ALTER TABLE "OutboundMail" ADD COLUMN     "noteId" TEXT;

-- CreateIndex
CREATE INDEX "OutboundMail_noteId_idx" ON "OutboundMail"("noteId");

-- AddForeignKey
ALTER TABLE "OutboundMail" ADD CONSTRAINT "OutboundMail_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note"("id") ON DELETE SET NULL ON UPDATE CASCADE;
