import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Database } from '@sportello/db';
import { db } from '../db.ts';
import { validationError, type ValidationIssue } from '../errors.ts';
import { attachmentLimits } from './attachment-limits.ts';
import type { NoteAttachmentRecord } from './tickets.ts';

/** Where attachment bytes live. An object store could implement the same three calls. */
export interface FileStorage {
  put(key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  /** The file's bytes; the stream fails with code ENOENT when there is no such file. */
  read(key: string): Readable;
  delete(key: string): Promise<void>;
}

/** A file is read by chunks of this size, so that serving or mailing a 10 MB file never holds all of it at once. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Files kept in PostgreSQL (StoredFile), so that every API instance serves every file with nothing more to share
 * than the database: no shared volume, and the files are in the database's backups with the notes they belong to.
 */
export class DatabaseFileStorage implements FileStorage {
  constructor(private readonly database: Database) {}

  async put(key: string, bytes: Uint8Array<ArrayBuffer>) {
    // The instant from this process's clock, in UTC like every timestamp here, as deleteUnattachedFiles compares.
    await this.database.storedFile.create({ data: { key, content: bytes, createdAt: new Date() } });
  }

  read(key: string) {
    const database = this.database;
    async function* chunks() {
      for (let offset = 0; ; offset += CHUNK_BYTES) {
        // substring counts from 1. The column is stored out of line uncompressed: only this chunk is read.
        const [row] = await database.$queryRaw<Array<{ chunk: Uint8Array; size: number }>>`
          SELECT substring("content" FROM ${offset + 1}::int FOR ${CHUNK_BYTES}::int) AS "chunk",
                 octet_length("content") AS "size"
          FROM "StoredFile" WHERE "key" = ${key}`;
        if (!row) throw Object.assign(new Error(`ENOENT: no stored file ${key}`), { code: 'ENOENT' });
        if (row.chunk.byteLength > 0) yield row.chunk;
        if (offset + CHUNK_BYTES >= row.size) return;
      }
    }
    // Not in object mode: the stream takes each Uint8Array as a Buffer of bytes.
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(key: string) {
    await this.database.storedFile.deleteMany({ where: { key } });
  }
}

export const fileStorage: FileStorage = new DatabaseFileStorage(db);

/** How old a file no attachment names must be to go: the request that stored it has long since ended. */
const UNATTACHED_FILE_GRACE_MS = 60 * 60 * 1000;

/**
 * Deletes the stored files that no attachment names, stored over an hour before `now`. A request stores its files
 * before the transaction that records them, and discards them when that fails; a process killed in between leaves
 * them behind, unseen by anyone. Returns how many went.
 */
export function deleteUnattachedFiles(client: Database, now: Date): Promise<number> {
  const storedBefore = new Date(now.getTime() - UNATTACHED_FILE_GRACE_MS);
  return client.$executeRaw`
    DELETE FROM "StoredFile" f
    WHERE f."createdAt" < ${storedBefore.toISOString()}::timestamp(3)
      AND NOT EXISTS (SELECT 1 FROM "Attachment" a WHERE a."storageKey" = f."key")`;
}

/**
 * Checks and stores uploaded files before the note that references them is written. The declared type is not
 * trusted: the bytes must be of an allowed type too. Returns what to record, and a clean-up for when the
 * database write fails, so that a failed request leaves no orphan file behind.
 */
export async function storeAttachments(
  files: File[],
): Promise<{ records: NoteAttachmentRecord[]; discard: () => Promise<void> }> {
  const issues: ValidationIssue[] = [];
  if (files.length > attachmentLimits.maxFiles) {
    issues.push({ field: 'attachments', message: `At most ${attachmentLimits.maxFiles} files per note.` });
  }
  const checked = await Promise.all(
    files.map(async (file, index) => {
      const field = `attachments.${index}`;
      if (file.size > attachmentLimits.maxBytes) {
        issues.push({ field, message: `${file.name} is larger than ${attachmentLimits.maxBytes / 1024 / 1024} MB.` });
        return null;
      }
      if (file.size === 0) {
        issues.push({ field, message: `${file.name} is empty.` });
        return null;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const contentType =
        (await fileTypeFromBuffer(bytes))?.mime ?? (isPlainText(bytes) ? 'text/plain' : 'application/octet-stream');
      if (!(attachmentLimits.contentTypes as readonly string[]).includes(contentType)) {
        issues.push({
          field,
          message: `${file.name}: only photos (JPEG, PNG, WebP, GIF, HEIC), PDF and text files are accepted.`,
        });
        return null;
      }
      return { file, bytes, contentType };
    }),
  );
  if (issues.length) throw validationError(issues);

  const records: NoteAttachmentRecord[] = [];
  const discard = () =>
    Promise.all(records.map((record) => fileStorage.delete(record.storageKey))).then(() => undefined);
  try {
    for (const item of checked) {
      if (!item) continue;
      const storageKey = `${new Date().toISOString().slice(0, 7)}/${randomUUID()}`;
      await fileStorage.put(storageKey, item.bytes);
      records.push({
        fileName: safeFileName(item.file.name),
        contentType: item.contentType,
        size: item.bytes.byteLength,
        storageKey,
      });
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return { records, discard };
}

function isPlainText(bytes: Uint8Array) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
    return !bytes.subarray(0, 4096).includes(0);
  } catch {
    return false;
  }
}

const safeFileName = (name: string) => name.replace(/[/\\]|\p{Cc}/gu, '_').slice(0, 200) || 'file';
