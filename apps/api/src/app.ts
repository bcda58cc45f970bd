import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createYoga, isAsyncIterable, maskError, type Plugin } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { schema } from '@sportello/schema';
import { isDatabaseUnavailable } from '@sportello/db';
import { createContext, type Context } from '@sportello/schema/context';
import { db } from '@sportello/schema/db';
import { canSeeTicket } from '@sportello/schema/domain/access';
import type { Viewer } from '@sportello/schema/domain/identity';
import { fileStorage } from '@sportello/schema/domain/storage';
import { closePubSub } from '@sportello/schema/pubsub';
import { serviceUnavailable } from '@sportello/schema/errors';
import { loadSecurityConfig, type SecurityConfig } from './config.ts';
import { handleInboundMail, INBOUND_MAIL_PATH } from './mail-endpoint.ts';
import { refuseOversizedBody } from './security/body-size.ts';
import { useCsrfProtection } from './security/csrf.ts';
import { corsOptions, createSecurityHeaders } from './security/headers.ts';
import { useIntrospectionRule } from './security/introspection.ts';
import { useQueryLimits } from './security/limits.ts';
import { RateLimits, useRateLimits } from './security/rate-limit.ts';
import { createConnectionRevocation } from './security/revocation.ts';
import { webSocketGate } from './security/websocket.ts';
import { useSharedSubscriptionResults } from './shared-subscription-results.ts';

const GRAPHQL_PATH = '/graphql';

/** The dashboard's build (a single-page app), served on the same origin as the API when it has been built. */
const dashboardDir = process.env.SPORTELLO_DASHBOARD_DIR ?? new URL('../../dashboard/build', import.meta.url).pathname;

function credentialsOf(headers: { authorization?: string | null; cookie?: string | null }, secure: boolean) {
  return { authorization: headers.authorization ?? null, cookie: headers.cookie ?? null, secure };
}

/** Login and logout set the session cookie; the resolvers leave it in the context and this adds it to the response. */
const cookiesByRequest = new WeakMap<Request, string[]>();
const useResponseCookies: Plugin = {
  onResponse({ request, response }) {
    for (const cookie of cookiesByRequest.get(request) ?? []) response.headers.append('set-cookie', cookie);
  },
};

/**
 * Give a code to the two kinds of bad-input errors that come without one: variables that do not fit their declared
 * types (an unknown enum value, 1.5 for an Int), refused before execution, get the code of a query that does not fit
 * the schema; Pothos's own argument checks (a negative page size, a cursor that is not one) are VALIDATION.
 */
function codeRequestErrors({ result }: { result: ExecutionResult | AsyncIterable<unknown> }) {
  if (isAsyncIterable(result)) return;
  for (const error of result.errors ?? []) {
    const extensions = error.extensions as Record<string, unknown>;
    if (error.originalError?.name === 'PothosValidationError') extensions.code ??= 'VALIDATION';
    else if (!('data' in result)) extensions.code ??= 'GRAPHQL_VALIDATION_FAILED';
  }
}
const useRequestErrorCodes: Plugin = {
  onExecute: () => ({ onExecuteDone: codeRequestErrors }),
  onSubscribe: () => ({ onSubscribeResult: codeRequestErrors }),
};

/**
 * Yoga reads a GET request's `variables` and `extensions` with a bare JSON.parse, and answers malformed JSON there
 * with a 500: refuse it as the bad request it is.
 */
const useMalformedQueryParameters: Plugin = {
  onRequestParse({ request, url }) {
    if (request.method !== 'GET') return;
    for (const name of ['variables', 'extensions']) {
      const value = url.searchParams.get(name);
      if (value === null) continue;
      try {
        JSON.parse(value);
      } catch {
        throw new GraphQLError(`The ${name} parameter is not valid JSON.`, {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      }
    }
  },
};

/** A resolver that failed because the database is away (restarting) gives a typed, retryable error. */
const maskDatabaseOutage: typeof maskError = (error, message, isDev) =>
  isDatabaseUnavailable(error) ? serviceUnavailable() : maskError(error, message, isDev);

/** `security` defaults to the settings in the environment (see config.ts). */
export function buildApp(options: { security?: SecurityConfig } = {}) {
  const security = options.security ?? loadSecurityConfig();
  const rateLimits = security.rateLimits ? new RateLimits(security.rateLimits) : null;
  const revocation = createConnectionRevocation();
  const graphiql = !security.production;
  const securityHeaders = createSecurityHeaders(security, dashboardDir);

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    maskedErrors: { maskError: maskDatabaseOutage },
    graphiql,
    cors: corsOptions(security),
    plugins: [
      useResponseCookies,
      useRequestErrorCodes,
      useMalformedQueryParameters,
      useCsrfProtection(),
      useQueryLimits(security),
      useIntrospectionRule(security),
      ...(rateLimits ? [useRateLimits(rateLimits, { trustProxy: security.trustProxy })] : []),
      useSharedSubscriptionResults(),
    ],
    context: async ({ request, sportello }: { request: Request; sportello?: Context }) => {
      if (sportello) return sportello; // graphql-ws already authenticated this subscription
      const secure = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
      const context = await createContext(
        credentialsOf(
          { authorization: request.headers.get('authorization'), cookie: request.headers.get('cookie') },
          secure,
        ),
      );
      cookiesByRequest.set(request, context.responseCookies);
      return context;
    },
  });

  const dashboard = existsSync(dashboardDir)
    ? sirv(dashboardDir, { single: true, etag: true, immutable: true, dev: process.env.NODE_ENV === 'development' })
    : null;
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '/';
    securityHeaders(req, res, { graphiql: graphiql && path === GRAPHQL_PATH });
    // Raw MIME from mail servers: its own size limit (a message with attachments), see mail-endpoint.ts.
    if (path === INBOUND_MAIL_PATH) return void handleInboundMail(req, res);
    if (refuseOversizedBody(req, res, security.bodyLimits)) return;
    if (path === GRAPHQL_PATH) return void yoga(req, res);
    if (path.startsWith('/files/mail/') && req.method === 'GET')
      return void serveDownload(req, res, findInboundMessage);
    if (path.startsWith('/files/') && req.method === 'GET') return void serveDownload(req, res, findAttachment);
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (dashboard && (req.method === 'GET' || req.method === 'HEAD')) {
      // A survey link ends in a signed token with dots, which sirv would take for a missing file: serve the app.
      if (path.startsWith('/survey/')) req.url = '/survey';
      return void dashboard(req, res);
    }
    void yoga(req, res);
  });

  const wss = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    maxPayload: security.bodyLimits.maxWebSocketMessageBytes,
    verifyClient: webSocketGate(security, rateLimits),
  });
  useServer<Record<string, unknown> | undefined, { request: IncomingMessage; socket: WebSocket }>(
    {
      execute: (args: any) => args.execute(args),
      subscribe: (args: any) => args.subscribe(args),
      // Authenticated at connection_init: an Authorization in the payload, or the session cookie of the upgrade.
      onConnect: async (ctx) => {
        const context = await createWsContext(ctx.connectionParams, ctx.extra.request);
        if (context.viewer) revocation.track(ctx.extra.socket, context.viewer);
        return context.viewer !== null;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Credentials are checked again with every operation: a connection whose session or token has ended is
        // closed (the revocation message usually closed it already).
        const sportello = await createWsContext(ctx.connectionParams, ctx.extra.request);
        if (!sportello.viewer) {
          revocation.revoke(ctx.extra.socket);
          return [new GraphQLError('Sign in to continue.', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const { schema, execute, subscribe, parse, validate, contextFactory } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          sportello,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          // A query that does not parse, or has too many tokens: an error for this operation, not a closed socket.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args = {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          execute,
          subscribe,
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
    },
    wss,
  );

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /** Stops serving; the database and the pubsub, which every app in this process shares, stay open. */
  async function close() {
    for (const client of wss.clients) client.terminate();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await revocation.stop();
    await rateLimits?.close();
  }

  return {
    server,
    /** Closes an open connection at once when its credentials are found revoked (the periodic check, by hand). */
    recheckConnections: () => revocation.recheck(),
    start: async (port: number, host = '127.0.0.1') => {
      await rateLimits?.ready();
      return new Promise<{ url: string; port: number }>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          resolve({ url: `http://${host}:${actualPort}${GRAPHQL_PATH}`, port: actualPort });
        });
      });
    },
    close,
    stop: async () => {
      await close();
      await closePubSub();
      await db.$disconnect();
    },
  };
}

function createWsContext(connectionParams: Record<string, unknown> | undefined, request: IncomingMessage) {
  const authorization = typeof connectionParams?.authorization === 'string' ? connectionParams.authorization : null;
  return createContext(credentialsOf({ authorization, cookie: request.headers.cookie ?? null }, false));
}

/** A file to send: its bytes and how to present them. */
interface Download {
  contentType: string;
  size: number;
  fileName: string;
  /** Shown in the browser (photos) rather than saved. */
  inline: boolean;
  body: Readable;
}

/**
 * A download under /files, with the same credentials as the API: `find` gives what the viewer may have at this
 * path, or null (a 404, whether it does not exist or is not theirs to see).
 */
async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  find: (viewer: Viewer, path: string) => Promise<Download | null>,
) {
  try {
    const { viewer } = await createContext(
      credentialsOf({ authorization: req.headers.authorization, cookie: req.headers.cookie }, false),
    );
    if (!viewer) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('Sign in to continue.');
    const download = await find(viewer, req.url!.split('?')[0]!);
    if (!download) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
    res.writeHead(200, {
      'content-type': download.contentType,
      'content-length': download.size,
      'content-disposition': `${download.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
    await pipeline(download.body, res);
  } catch (error) {
    console.error('download failed', error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Could not read the file.');
    else res.destroy();
  }
}

/** /files/<id>: an attachment, only to who may read its note. */
async function findAttachment(viewer: Viewer, path: string): Promise<Download | null> {
  const id = idIn(path, /^\/files\/([^/]+)$/);
  const attachment = id
    ? await db.attachment.findUnique({
        where: { id },
        include: { ticket: { select: { customerId: true } }, note: { select: { visibility: true } } },
      })
    : null;
  const visible =
    attachment &&
    canSeeTicket(viewer, attachment.ticket) &&
    (viewer.isStaff || attachment.note?.visibility !== 'INTERNAL');
  if (!attachment || !visible) return null;
  return {
    contentType: attachment.contentType,
    size: attachment.size,
    fileName: attachment.fileName,
    inline: attachment.contentType.startsWith('image/'),
    body: fileStorage.read(attachment.storageKey),
  };
}

/** /files/mail/<id>.eml: a message received by mail, as it arrived, to staff (to see why one failed, say). */
async function findInboundMessage(viewer: Viewer, path: string): Promise<Download | null> {
  const id = idIn(path, /^\/files\/mail\/([^/]+)\.eml$/);
  if (!viewer.isStaff || !id) return null;
  const mail = await db.inboundMail.findUnique({ where: { id }, select: { raw: true } });
  if (!mail) return null;
  return {
    contentType: 'message/rfc822',
    size: mail.raw.byteLength,
    fileName: `${id}.eml`,
    inline: false,
    body: Readable.from([mail.raw], { objectMode: false }),
  };
}

/** The id `pattern` captures in `path`, or null when it cannot be one (bad percent-encoding, odd characters). */
function idIn(path: string, pattern: RegExp): string | null {
  try {
    const id = decodeURIComponent(pattern.exec(path)?.[1] ?? '');
    return /^[\w-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
