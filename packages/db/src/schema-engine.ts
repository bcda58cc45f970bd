import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
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

export async function openSchemaEngine(
  connectionString: string,
  schema: { path: string; content: string },
): Promise<SchemaEngine> {
  instantiated ??= instantiateEngine();
  await instantiated;
  const engine: unknown = await bindings.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString, max: 1 })),
  );
  return engine as SchemaEngine;
}
