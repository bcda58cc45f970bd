import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string | null; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** A header as it arrived, unfolded (lower-case name), or undefined. */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on a free loopback port that accepts every message and records it, as a mail relay would
 * receive it. It can be stopped and started again on the same port (the server going down, then coming back).
 */
export async function startRecordingSmtpServer() {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | null = null;
  let port = 0;

  function createServer() {
    return new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no TLS upgrade with a self-signed certificate to refuse.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 1000,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const unfolded = new Map<string, string>();
              for (const line of parsed.headerLines) {
                unfolded.set(line.key, line.line.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]*:\s*/, ''));
              }
              received.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                  to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                },
                raw,
                parsed,
                header: (name) => unfolded.get(name.toLowerCase()),
              });
              for (const wake of waiters) wake();
              callback();
            })
            .catch(callback);
        });
      },
    });
  }

  async function start() {
    if (server) return;
    const starting = createServer();
    await new Promise<void>((resolve, reject) => {
      starting.server.once('error', reject);
      starting.listen(port, '127.0.0.1', () => {
        starting.server.off('error', reject);
        resolve();
      });
    });
    port = (starting.server.address() as AddressInfo).port;
    server = starting;
  }

  async function stop() {
    const stopping = server;
    server = null;
    if (stopping) await new Promise<void>((resolve) => stopping.close(() => resolve()));
  }

  await start();

  return {
    received,
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    /** Starts again on the same port after `stop`. */
    start,
    stop,
    /** Resolves once at least `count` messages arrived in all; rejects after `timeoutMs`. */
    async waitForCount(count: number, timeoutMs = 10_000) {
      if (received.length >= count) return received;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, received ${received.length}`));
        }, timeoutMs);
        function check() {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
      return received;
    },
    /** The messages sent to one address, in arrival order. */
    to: (address: string) => received.filter((mail) => mail.envelope.to.includes(address)),
  };
}

export type RecordingSmtpServer = Awaited<ReturnType<typeof startRecordingSmtpServer>>;
