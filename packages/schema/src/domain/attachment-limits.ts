/**
 * What a note (or a message received by mail) may carry. On their own, without the file storage, so that the API's
 * configuration can size its request limits from them before the database is known.
 */
export const attachmentLimits = {
  maxFiles: 10,
  maxBytes: 10 * 1024 * 1024,
  /** Photos of the problem, screenshots, documents and logs. */
  contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf', 'text/plain'],
} as const;
