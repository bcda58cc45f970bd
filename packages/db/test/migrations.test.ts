import { expect, it } from 'vitest';
import { pendingSchemaChange } from '../src/migrate.ts';
import { createTestDatabase } from '../src/testing.ts';

it('has a migration for every change of prisma/schema.prisma (run `npm run db:migration:create -- <name>`)', async () => {
  const database = await createTestDatabase();
  try {
    expect(await pendingSchemaChange(database.url)).toBe('');
  } finally {
    await database.drop();
  }
});
