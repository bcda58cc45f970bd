import { readFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { expect, it } from 'vitest';
import { schemaFile } from '../src/schema-file.ts';

it('has its printed SDL committed and up to date (run `npm run print-schema -w @sportello/schema`)', async () => {
  process.env.DATABASE_URL ??= 'postgresql://unused@127.0.0.1:1/unused';
  const { schema } = await import('../src/index.ts');
  expect(await readFile(schemaFile, 'utf8')).toBe(printSchema(schema) + '\n');
});
