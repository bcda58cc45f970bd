import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

let instantiated: Promise<void> | undefined;

/**
 * Prisma's schema engine compiled to WebAssembly: it runs migrations through the `pg` driver adapter, so nothing
 * is downloaded. The package is a wasm-bindgen "bundler" build whose entry imports the .wasm file as a module,
 * which Node 20 refuses without a flag, so we instantiate the binary ourselves and hand it to the JS glue.
 */
async function instantiateEngine(): Promise<void> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm'));
  const bytes = await readFile(join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
}

/**
 * Runs `work` with a schema engine connected to the database. The connection is ours to close: it holds Prisma's
 * migration advisory lock, so leaving it open would block every other instance's migrations.
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  schema: { path: string; content: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  instantiated ??= instantiateEngine();
  await instantiated;
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const engine = (await bindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      () => {},
      bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool)),
    )) as SchemaEngine;
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}
