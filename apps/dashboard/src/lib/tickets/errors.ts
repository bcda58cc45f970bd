import type { CombinedError } from '@urql/svelte';

/** The API's error codes (`extensions.code`) the workspace reacts to. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TRANSITION'
  | 'TICKET_ALREADY_CLAIMED'
  | 'NOT_CLAIMED'
  | 'STALE_VERSION';

export interface ApiError {
  code: ApiErrorCode | string | undefined;
  message: string;
  extensions: Record<string, unknown>;
}

/** The first GraphQL error of a result, with its code and extensions; undefined when there is none. */
export function apiError(error: CombinedError | undefined | null): ApiError | undefined {
  if (!error) return undefined;
  const first = error.graphQLErrors[0];
  if (!first) return { code: error.networkError ? 'NETWORK' : undefined, message: error.message, extensions: {} };
  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  return { code: extensions.code as string | undefined, message: first.message, extensions };
}

/** The validation issues of a VALIDATION error, as `field: message` lines. */
export function validationIssues(error: ApiError | undefined): string[] {
  const issues = error?.extensions.issues;
  if (!Array.isArray(issues)) return [];
  return issues.map((issue: { field?: string; message?: string }) =>
    issue.field ? `${issue.field}: ${issue.message ?? ''}` : (issue.message ?? ''),
  );
}

/** Who holds a ticket, from a TICKET_ALREADY_CLAIMED error. */
export function claimHolder(error: ApiError | undefined): string | undefined {
  const holder = error?.extensions.claimedBy;
  if (typeof holder === 'string') return holder;
  if (holder && typeof holder === 'object' && 'name' in holder) return String((holder as { name: unknown }).name);
  return undefined;
}
