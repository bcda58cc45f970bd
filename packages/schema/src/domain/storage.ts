import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { validationError, type ValidationIssue } from '../errors.ts';
import type { NoteAttachmentRecord } from './tickets.ts';

/** Where attachment bytes live. Local disk by default; an object store can implement the same three calls. */
export interface FileStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  read(key: string): Readable;
  delete(key: string): Promise<void>;
}

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + '/')) throw new Error(`Storage key outside the storage folder: ${key}`);
    return path;
  }

  async put(key: string, bytes: Uint8Array) {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes, { flag: 'wx' });
  }

  read(key: string) {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string) {
    await rm(this.pathOf(key), { force: true });
  }
}

export const attachmentLimits = {
  maxFiles: 10,
  maxBytes: 10 * 1024 * 1024,
  /** Photos of the problem, screenshots, documents and logs. */
  contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf', 'text/plain'],
} as const;

const defaultStorageDir = join(dirname(new URL(import.meta.url).pathname), '../../../../.data/files');
export const fileStorage: FileStorage = new LocalDiskStorage(process.env.SPORTELLO_STORAGE_DIR ?? defaultStorageDir);

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
