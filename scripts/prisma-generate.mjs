// Generates the Prisma client and the Pothos types from prisma/schema.prisma.
// Prisma's CLI insists on finding its native schema engine before it generates anything, even though
// generation never runs it; pointing it at any existing file avoids a download that cannot work offline.
// Migrations use the WebAssembly engine instead (packages/db/src/migrate.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync('npx', ['prisma', 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
