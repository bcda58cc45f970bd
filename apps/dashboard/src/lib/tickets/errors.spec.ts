import { CombinedError } from '@urql/svelte';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiError, claimHolder, validationIssues } from './errors';

const combined = (code: string, extensions: Record<string, unknown> = {}) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('Refused', { extensions: { code, ...extensions } })] });

describe('API errors', () => {
  it('reads the code and who holds an already claimed ticket', () => {
    const error = apiError(combined('TICKET_ALREADY_CLAIMED', { claimedBy: { id: 'u2', name: 'Marco Bianchi' } }));

    expect(error?.code).toBe('TICKET_ALREADY_CLAIMED');
    expect(claimHolder(error)).toBe('Marco Bianchi');
  });

  it('lists validation issues', () => {
    const error = apiError(combined('VALIDATION', { issues: [{ field: 'solution', message: 'troppo corta' }] }));

    expect(validationIssues(error)).toEqual(['solution: troppo corta']);
  });

  it('is undefined without an error', () => {
    expect(apiError(undefined)).toBeUndefined();
  });
});
