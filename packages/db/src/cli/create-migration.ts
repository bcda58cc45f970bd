import { startEmbeddedDatabase } from '../embedded.ts';
import { createMigration } from '../migrate.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run db:migration:create -- <name>');
  process.exit(2);
}
const scratch = await startEmbeddedDatabase();
try {
  const created = await createMigration(scratch.url, name);
  console.log(created ? `created prisma/migrations/${created}` : 'prisma/schema.prisma already matches the migrations');
} finally {
  await scratch.stop();
}
