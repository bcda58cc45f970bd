import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecurityConfig } from '../config.ts';

function refuse(res: ServerResponse, status: number, code: string, message: string) {
  // The body is not read: the connection is closed after the answer instead of kept for the next request.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Refuses a request body over its limit before reading a byte of it: 413 PAYLOAD_TOO_LARGE. JSON bodies get
 * SPORTELLO_MAX_BODY_BYTES; multipart uploads the most a note's attachments may weigh, plus the JSON part (each
 * file's own size and type are then checked by storeAttachments, with VALIDATION). A body of unknown length
 * (chunked) cannot be checked up front, so it is refused with 411: browsers always send the length.
 * Returns true when the request was answered.
 */
export function refuseOversizedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limits: SecurityConfig['bodyLimits'],
): boolean {
  const length = req.headers['content-length'];
  if (length === undefined) {
    if (req.headers['transfer-encoding'] === undefined) return false; // no body at all
    refuse(res, 411, 'BAD_REQUEST', 'Send the request body with a Content-Length.');
    return true;
  }
  const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
  const limit = multipart ? limits.maxMultipartBytes : limits.maxJsonBytes;
  if (Number(length) <= limit) return false;
  const megabytes = Math.round((limit / 1024 / 1024) * 10) / 10;
  refuse(res, 413, 'PAYLOAD_TOO_LARGE', `The request is larger than ${megabytes} MB.`);
  return true;
}
