import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schemaFile } from './schema-file.ts';

process.env.DATABASE_URL ??= 'postgresql://unused@127.0.0.1:1/unused';
const { schema } = await import('./index.ts');
await writeFile(schemaFile, printSchema(schema) + '\n');
console.log(`wrote ${schemaFile}`);
