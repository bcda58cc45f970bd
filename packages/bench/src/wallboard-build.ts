import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './api-process.ts';

export const dashboardDir = join(repoRoot, 'apps/dashboard');
export const dashboardBuildDir = join(dashboardDir, 'build');

/** Gzip at level 9 (the most a static server would precompress with), through node:zlib. */
export const GZIP_LEVEL = 9;
export const gzipSize = (content: Uint8Array) => gzipSync(content, { level: GZIP_LEVEL }).length;

/** The newest modification time under a path; component specs and generated typings do not go into the build. */
function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry.endsWith('.spec.ts') || entry === 'graphql-env.d.ts') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds the dashboard (`npm run build -w @sportello/dashboard`) when its build is missing or older than its sources. */
export function ensureDashboardBuild(log: (message: string) => void): { built: boolean } {
  const index = join(dashboardBuildDir, 'index.html');
  const sources = Math.max(
    newestMtime(join(dashboardDir, 'src')),
    newestMtime(join(dashboardDir, 'static')),
    statSync(join(dashboardDir, 'svelte.config.js')).mtimeMs,
    statSync(join(dashboardDir, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return { built: false };
  log('wallboard: building the dashboard (npm run build -w @sportello/dashboard)…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@sportello/dashboard'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (build.status !== 0) {
    throw new Error(`The dashboard build failed (${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  }
  return { built: true };
}

export interface JsFile {
  /** Path inside the build, e.g. `_app/immutable/entry/start.abc.js`. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** Every JavaScript file in the build, with its size and gzip size. */
export function buildJavaScript(dir = dashboardBuildDir): JsFile[] {
  const files: JsFile[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.m?js$/.test(entry.name)) {
        const content = readFileSync(full);
        files.push({ path: relative(dir, full), bytes: content.length, gzipBytes: gzipSize(content) });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
