import { createRequire } from 'node:module';

/**
 * graphql 16 ships CommonJS and ESM builds. Node loads the CommonJS one for everybody (it has no exports map), but
 * Vite's resolver would hand our sources the ESM one while CommonJS dependencies (graphql-scalars, …) get the other:
 * two graphql realms, and `instanceof GraphQLError` checks fail. Tests resolve it the way Node does.
 */
export const sharedResolve = {
  alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
};
