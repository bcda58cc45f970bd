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
  | 'INVALID_CALL_STATE';

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
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

export function validationError(issues: ValidationIssue[]): AppError {
  const message = issues.map((issue) => issue.message).join(' ');
  return new AppError('VALIDATION', message || 'Invalid input.', { issues });
}
