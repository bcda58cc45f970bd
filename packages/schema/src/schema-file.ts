import { fileURLToPath } from 'node:url';

/** The printed SDL, committed so that clients (the dashboard, external tools) can generate types from it. */
export const schemaFile = fileURLToPath(new URL('../schema.graphql', import.meta.url));
