import type { IncomingMessage, ServerResponse } from 'node:http';
import { createContext } from '@sportello/schema/context';
import { db } from '@sportello/schema/db';
import { defaultInboundQueueId, HTTP_SOURCE, receiveInboundMail } from '@sportello/schema/domain/mail/inbound';

export const INBOUND_MAIL_PATH = '/mail/inbound';

/** Larger than any message a mail server accepts by default (25 MB plus base64 overhead). */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * `POST /mail/inbound` with a raw RFC 822 message (`Content-Type: message/rfc822`), for mail servers that pipe
 * mail to a program (e.g. Postfix `pipe` + curl) instead of leaving it in an IMAP mailbox. Authenticated with a staff
 * API token with READ_WRITE scope (`Authorization: Bearer …`; cookies are not accepted, so a browser cannot be
 * tricked into posting). `?queue=<id or name>` names the queue for new tickets (default: the first active one).
 *
 * Answers 201 with the outcome once the message is recorded (FAILED included: it is kept for staff, and delivering
 * it again would change nothing), 200 for a message received before, 4xx for a request that is not a delivery, and
 * 5xx only when the message could not be recorded, so that the mail server keeps it and tries again.
 */
export async function handleInboundMail(req: IncomingMessage, res: ServerResponse) {
  try {
    if (req.method !== 'POST') return json(res.setHeader('allow', 'POST'), 405, { error: 'Use POST.' });
    const authorization = req.headers.authorization;
    const { viewer } = /^Bearer\s+\S+$/i.test(authorization ?? '')
      ? await createContext({ authorization })
      : { viewer: null };
    if (!viewer) return json(res, 401, { error: 'A staff API token is required (Authorization: Bearer …).' });
    if (!viewer.isStaff || !viewer.canWrite) {
      return json(res, 403, { error: 'The token must belong to support staff and have the READ_WRITE scope.' });
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'message/rfc822') {
      return json(res, 415, { error: 'Send the raw message with Content-Type: message/rfc822.' });
    }
    const raw = await readBody(req);
    if (raw === null) return json(res, 413, { error: `The message is larger than ${MAX_MESSAGE_BYTES} bytes.` });
    if (raw.length === 0) return json(res, 400, { error: 'The message is empty.' });

    const queueParam = new URL(req.url ?? '/', 'http://localhost').searchParams.get('queue');
    const queueId = queueParam ? await queueIdOf(queueParam) : await defaultInboundQueueId().catch(() => null);
    if (!queueId) return json(res, 400, { error: 'Unknown or inactive queue: name an active one with ?queue=.' });

    const result = await receiveInboundMail({ raw, source: HTTP_SOURCE, queueId });
    return json(res, result.duplicate ? 200 : 201, result);
  } catch (error) {
    console.error('inbound mail endpoint:', error);
    if (!res.headersSent) json(res, 503, { error: 'The message could not be recorded: deliver it again later.' });
    else res.destroy();
  }
}

async function queueIdOf(idOrName: string) {
  const queue = await db.queue.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }], active: true } });
  return queue?.id ?? null;
}

/** The request body, or null past the size limit (the rest is not read). */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_MESSAGE_BYTES) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MESSAGE_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
