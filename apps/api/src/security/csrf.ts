import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '@sportello/schema/errors';

/** The header the dashboard sends with every request (apps/dashboard/src/lib/graphql/client.ts and upload.ts). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Another site can make the browser send a GET, or a form-encoded, multipart or text/plain POST, with the
 * session cookie and without asking first (no CORS preflight). Those requests must carry a custom header, which
 * only a preflighted — so allowed — origin can add; JSON POSTs are preflighted anyway. Requests with an
 * Authorization header are not the browser's doing (it never adds one by itself) and need no proof. Requests
 * without any credentials are checked too, so that no other site can sign a visitor in to an account of its own.
 */
export function useCsrfProtection(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (payload.request.headers.has('authorization')) return;
      try {
        return prevention.onRequestParse!(payload);
      } catch {
        throw new AppError(
          'CSRF_REJECTED',
          `Requests sent with the browser's cookies must carry the ${CSRF_HEADER} header (or use JSON).`,
          { http: { status: 403 } },
        );
      }
    },
  };
}
