export * from './generated/prisma/client.ts';
export { createPrismaClient, isDatabaseUnavailable, type Database } from './client.ts';
export { applyMigrations, pendingSchemaChange } from './migrate.ts';
export { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { prepareDatabase, defaultDataDir, type PreparedDatabase } from './database.ts';
