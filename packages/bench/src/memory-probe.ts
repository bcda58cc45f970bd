/**
 * What a server process's live objects take, read through memory-probe-preload.ts: the V8 heap in use plus the
 * memory of Buffers and other objects held outside it (`external`), right after the garbage was collected.
 *
 * The resident set size is not used: after a collection V8 and the allocator keep freed pages for a while, so it can
 * shrink between two readings while the live objects grew (a negative cost per subscriber).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Where a probed process writes its memory usage. */
export const memoryReportPath = (pid: number) => join(tmpdir(), `sportello-bench-memory-${pid}.json`);

/** Node arguments that make a process answer `readLiveMemory`. */
export const MEMORY_PROBE_NODE_ARGS = [
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./memory-probe-preload.ts', import.meta.url)),
];

/**
 * Asks a probed process to collect its garbage, then returns its live memory (heapUsed + external) in bytes; throws
 * when it does not answer in time.
 */
export async function readLiveMemory(pid: number, timeoutMs = 10_000): Promise<number> {
  const path = memoryReportPath(pid);
  rmSync(path, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // not written yet
    }
    if (text !== null) {
      rmSync(path, { force: true });
      const usage = JSON.parse(text) as NodeJS.MemoryUsage;
      return usage.heapUsed + usage.external;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} did not report its memory within ${timeoutMs} ms`);
    await sleep(20);
  }
}
