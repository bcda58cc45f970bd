import { CombinedError } from '@urql/core';
import { vi } from 'vitest';

/** What a fake operation answers: its data, or a GraphQL error made with `graphqlFailure`. */
export type FakeAnswer = (variables: Record<string, unknown>) => unknown;

class GraphQLFailure {
  constructor(readonly error: CombinedError) {}
}

/** A GraphQL error as the API sends it: a message and `extensions.code`. */
export function graphqlFailure(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLFailure(new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extensions } }] }));
}

/** A stand-in for the urql client in component specs: answers each query and mutation by its operation name. */
export function fakeUrqlClient(answers: Record<string, FakeAnswer>) {
  const respond = (document: { definitions: { name?: { value: string } }[] }, variables: Record<string, unknown>) => {
    const name = document.definitions.find((definition) => definition.name)?.name?.value ?? '';
    return {
      toPromise: async () => {
        const answer = answers[name]?.(variables);
        return answer instanceof GraphQLFailure
          ? { data: undefined, error: answer.error }
          : { data: answer, error: undefined };
      },
    };
  };
  return { query: vi.fn(respond), mutation: vi.fn(respond) };
}
