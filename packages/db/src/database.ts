import { join } from 'node:path';
import { createPrismaClient } from './client.ts';
import { startEmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { prismaDir } from './paths.ts';
import type { DemoLogin } from './seed/demo.ts';

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** How many connections the application's pool may open (one for the embedded database). */
  poolSize: number;
  appliedMigrations: string[];
  /** Set when this start loaded the demo data into an empty database. */
  demoLogins: DemoLogin[] | null;
  stop(): Promise<void>;
}

export const defaultDataDir = join(prismaDir, '..', '.data');

/**
 * Makes the database ready for the API: the PostgreSQL at `url` when given, otherwise an embedded one kept in
 * `dataDir`; applies pending migrations; loads the demo data into an empty database when `seed` is set.
 */
export async function prepareDatabase(options: {
  url?: string;
  dataDir?: string;
  seed?: boolean;
}): Promise<PreparedDatabase> {
  const embedded = options.url
    ? null
    : await startEmbeddedDatabase({ dataDir: join(options.dataDir ?? defaultDataDir, 'pg') });
  const url = options.url ?? embedded!.url;
  try {
    const appliedMigrations = await applyMigrations(url);
    let demoLogins: DemoLogin[] | null = null;
    if (options.seed) {
      const { isDatabaseEmpty, seedDemoData } = await import('./seed/demo.ts');
      const db = createPrismaClient(url, { maxConnections: 1 });
      try {
        if (await isDatabaseEmpty(db)) demoLogins = await seedDemoData(db);
      } finally {
        await db.$disconnect();
      }
    }
    return {
      url,
      embedded: embedded !== null,
      poolSize: embedded ? 1 : 10,
      appliedMigrations,
      demoLogins,
      stop: async () => embedded?.stop(),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
