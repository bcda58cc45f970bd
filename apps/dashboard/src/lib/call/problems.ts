import type { CombinedError } from '@urql/svelte';

/** One VALIDATION issue as the API reports it (`field` is a path such as `input.subject`). */
export interface Issue {
  field: string;
  message: string;
}

/** What went wrong with a request, ready to show: a code, a message, and the messages per field. */
export interface Problem {
  code: string;
  message: string;
  /** Messages keyed by field name without the argument prefix (`input.subject` → `subject`). */
  fields: Record<string, string>;
  extensions: Record<string, unknown>;
}

const fieldName = (path: string) => path.replace(/^(input|args?)\./, '');

/** Turns an urql error into a Problem; `null` when there is none. Network failures get the code NETWORK. */
export function toProblem(error: CombinedError | undefined | null): Problem | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'NETWORK', message: error.message, fields: {}, extensions: {} };
  const extensions = (first.extensions ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const issues = Array.isArray(extensions.issues) ? (extensions.issues as Issue[]) : [];
  for (const issue of issues) fields[fieldName(issue.field)] ??= issue.message;
  return {
    code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL',
    message: first.message,
    fields,
    extensions,
  };
}

/** The i18n key of the generic message for an error code (in call.json `errors.*`). */
export const problemKey = (problem: Problem) =>
  [
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'VALIDATION',
    'STALE_VERSION',
    'TICKET_ALREADY_CLAIMED',
    'CALL_ALREADY_ANSWERED',
    'INVALID_CALL_STATE',
    'NETWORK',
  ].includes(problem.code)
    ? `call.errors.${problem.code}`
    : 'call.errors.INTERNAL';
