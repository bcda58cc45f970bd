-- CreateTable
CREATE TABLE "StoredFile" (
    "key" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("key")
);

-- Photos, PDFs and the like are compressed already: kept uncompressed and out of line, reading a chunk of a file
-- (substring) fetches only that chunk's part of it
ALTER TABLE "StoredFile" ALTER COLUMN "content" SET STORAGE EXTERNAL;
