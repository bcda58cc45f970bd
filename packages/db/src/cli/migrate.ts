import { prepareDatabase } from '../database.ts';

// Applies pending migrations to DATABASE_URL, or to the embedded database when it is not set.
const database = await prepareDatabase({ url: process.env.DATABASE_URL });
console.log(
  database.appliedMigrations.length ? `applied ${database.appliedMigrations.join(', ')}` : 'the database is up to date',
);
await database.stop();
