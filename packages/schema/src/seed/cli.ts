import { createPrismaClient } from '@sportello/db';
import { DatabaseNotEmptyError, formatDemoLogins, isDatabaseEmpty, seedDemoData } from './demo.ts';

// Loads the demo data into the (empty, migrated) PostgreSQL database at DATABASE_URL and prints the demo accounts.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it must point to the empty PostgreSQL database to load the demo data into.');
  process.exit(2);
}

const db = createPrismaClient(url, { maxConnections: 1 });
let exitCode = 0;
try {
  if (!(await isDatabaseEmpty(db))) throw new DatabaseNotEmptyError('users');
  const logins = await seedDemoData(db);
  console.log(`Demo data loaded. Sign in with one of these accounts:\n\n${formatDemoLogins(logins)}`);
} catch (error) {
  if (error instanceof DatabaseNotEmptyError) {
    console.error(`${error.message} Nothing was changed.`);
    exitCode = 2;
  } else if ((error as { code?: unknown }).code === 'P2021') {
    console.error('The database has no Sportello tables yet: run `npm run db:migrate` first.');
    exitCode = 2;
  } else {
    console.error(error);
    exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
