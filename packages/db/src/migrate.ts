import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { withSchemaEngine } from './schema-engine.ts';
import { migrationsDir, schemaPath } from './paths.ts';

const noFilters = { externalTables: [], externalEnums: [] };
const lockfileName = 'migration_lock.toml';
const snapshotName = 'schema.prisma';

type SchemaFile = { path: string; content: string };

async function readSchema(): Promise<SchemaFile> {
  return { path: 'schema.prisma', content: await readFile(schemaPath, 'utf8') };
}

/** The migrations folder as Prisma's own tools read it: one folder per migration, applied in name order. */
async function readMigrations(): Promise<MigrationList> {
  await mkdir(migrationsDir, { recursive: true });
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockfileContent = await readFile(join(migrationsDir, lockfileName), 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfileName, content: lockfileContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Applies the migrations not yet applied to the database, recording them in `_prisma_migrations`. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  return withSchemaEngine(connectionString, await readSchema(), async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return appliedMigrationNames;
  });
}

/**
 * The schema the newest migration was made from. Each migration folder keeps a copy (`schema.prisma`, which
 * Prisma's own tools ignore): the engine's introspection cannot run through the `pg` adapter, so the next migration
 * is the difference between that copy and the current schema rather than between a shadow database and the schema.
 */
async function schemaOfNewestMigration(migrationsList: MigrationList) {
  const newest = migrationsList.migrationDirectories.at(-1);
  if (!newest) return null;
  return { path: 'schema.prisma', content: await readFile(join(migrationsDir, newest.path, snapshotName), 'utf8') };
}

/**
 * The SQL that takes the migrations folder to `prisma/schema.prisma`; empty when they agree.
 * The engine insists on a database connection even though comparing two schemas never uses it.
 */
export async function pendingSchemaChange(connectionString: string): Promise<string> {
  const schema = await readSchema();
  const previous = await schemaOfNewestMigration(await readMigrations());
  const { stdout } = await diffSchemas(connectionString, previous, schema);
  const sql = stdout ?? '';
  return /^-- This is an empty migration\.?$/.test(sql.trim()) ? '' : sql;
}

async function diffSchemas(connectionString: string, from: SchemaFile | null, to: SchemaFile) {
  return withSchemaEngine(connectionString, to, (engine) =>
    engine.diff({
      from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [to] },
      script: true,
      exitCode: null,
      filters: noFilters,
    }),
  );
}

/** Writes `prisma/migrations/<timestamp>_<name>/` for what changed in the schema; null when nothing did. */
export async function createMigration(connectionString: string, name: string): Promise<string | null> {
  const sql = await pendingSchemaChange(connectionString);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folderName = `${stamp}_${name.replace(/\W+/g, '_')}`;
  await mkdir(join(migrationsDir, folderName), { recursive: true });
  await writeFile(join(migrationsDir, folderName, 'migration.sql'), sql);
  await writeFile(join(migrationsDir, folderName, snapshotName), await readFile(schemaPath, 'utf8'));
  await writeFile(join(migrationsDir, lockfileName), 'provider = "postgresql"\n');
  return folderName;
}
