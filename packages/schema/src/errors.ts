import { GraphQLError } from 'graphql';

/**
 * Every error a client can act on carries one of these codes in `extensions.code`. Anything else thrown in a
 * resolver is an internal error, which Yoga masks.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TRANSITION'
  | 'TICKET_ALREADY_CLAIMED'
  | 'NOT_CLAIMED'
  | 'STALE_VERSION'
  | 'CALL_ALREADY_ANSWERED'
  | 'INVALID_CALL_STATE'
  /** The database is unavailable for a moment (restarting, unreachable): try again shortly (HTTP 503). */
  | 'SERVICE_UNAVAILABLE'
  /** A query deeper, costlier, longer or with more aliases or directives than the server takes. */
  | 'QUERY_TOO_COMPLEX'
  /** Too many requests (or failed sign-ins) in a short time: `retryAfter` says how many seconds to wait. */
  | 'RATE_LIMITED'
  /** A request body larger than the server takes (HTTP 413). */
  | 'PAYLOAD_TOO_LARGE'
  /** A request sent with the browser's cookies but without the header that proves it came from the dashboard. */
  | 'CSRF_REJECTED'
  /** Survey links (no login): not a link of ours, past its expiry, or its ticket already rated. */
  | 'SURVEY_LINK_INVALID'
  | 'SURVEY_LINK_EXPIRED'
  | 'SURVEY_ALREADY_ANSWERED'
  /** Retrying an inbound mail that did not fail (or that a colleague already retried). */
  | 'INBOUND_MAIL_NOT_FAILED';

export interface ValidationIssue {
  field: string;
  message: string;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
  }
}

export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Sign in to continue.');
export const serviceUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'The service is unavailable for a moment: try again shortly.', {
    http: { status: 503, headers: { 'retry-after': '5' } },
  });
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

export function validationError(issues: ValidationIssue[]): AppError {
  const message = issues.map((issue) => issue.message).join(' ');
  return new AppError('VALIDATION', message || 'Invalid input.', { issues });
}
