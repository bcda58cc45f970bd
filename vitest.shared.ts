import { createRequire } from 'node:module';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * graphql 16 ships CommonJS and ESM builds. Node loads the CommonJS one for everybody (it has no exports map), but
 * Vite's resolver would hand our sources the ESM one while CommonJS dependencies (graphql-scalars, …) get the other:
 * two graphql realms, and `instanceof GraphQLError` checks fail. Tests resolve it the way Node does.
 */
export const sharedResolve = {
  alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
};

/**
 * Tests that need a database run on the embedded PostgreSQL, and once more on a real PostgreSQL server when
 * TEST_DATABASE_URL names one (CI does). Each test file creates its own database (see @sportello/db/testing).
 */
export function databaseProjects(): TestProjectInlineConfiguration[] {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return [
    { extends: true as const, test: { name: 'embedded', env: { TEST_DATABASE_URL: '' } } },
    ...(serverUrl
      ? [{ extends: true as const, test: { name: 'postgres', env: { TEST_DATABASE_URL: serverUrl } } }]
      : []),
  ];
}
