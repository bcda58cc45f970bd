import { join } from 'node:path';
import { startEmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { prismaDir } from './paths.ts';

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** How many connections the application's pool may open (one for the embedded database). */
  poolSize: number;
  appliedMigrations: string[];
  stop(): Promise<void>;
}

export const defaultDataDir = join(prismaDir, '..', '.data');

/**
 * Makes the database ready for the API: the PostgreSQL at `url` when given, otherwise an embedded one kept in
 * `dataDir`; then applies pending migrations.
 */
export async function prepareDatabase(options: { url?: string; dataDir?: string }): Promise<PreparedDatabase> {
  const embedded = options.url
    ? null
    : await startEmbeddedDatabase({ dataDir: join(options.dataDir ?? defaultDataDir, 'pg') });
  const url = options.url ?? embedded!.url;
  try {
    const appliedMigrations = await applyMigrations(url);
    return {
      url,
      embedded: embedded !== null,
      poolSize: embedded ? 1 : 10,
      appliedMigrations,
      stop: async () => embedded?.stop(),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
