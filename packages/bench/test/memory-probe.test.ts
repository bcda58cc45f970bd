import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/api-process.ts';
import { MEMORY_PROBE_NODE_ARGS, readLiveMemory } from '../src/memory-probe.ts';

const MiB = 1024 * 1024;

/**
 * A probed process that, on each line it reads, keeps (`keep`) or drops at once (`garbage`) 32 MiB of small
 * objects and Buffers, then answers `done`.
 */
const SCRIPT = `
  const kept = [];
  const allocate = () => Array.from({ length: 16 }, () => ({
    objects: Array.from({ length: 16384 }, (_, i) => ({ i, text: 'x' + i })),
    buffer: Buffer.alloc(1024 * 1024, 1),
  }));
  require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
    const chunk = allocate();
    if (line === 'keep') kept.push(chunk);
    process.stdout.write('done\\n');
  });
`;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function startProbed() {
  child = spawn(process.execPath, ['--import', 'tsx', ...MEMORY_PROBE_NODE_ARGS, '-e', SCRIPT], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = child.stdout![Symbol.asyncIterator]();
  const ask = async (command: 'keep' | 'garbage') => {
    child!.stdin!.write(`${command}\n`);
    const { value } = await lines.next();
    expect(String(value)).toContain('done');
  };
  // The preload is in place once the process has run its first line.
  await ask('garbage');
  return { pid: child.pid!, ask };
}

describe('readLiveMemory', () => {
  it('grows with what the process keeps, and not with what it dropped', async () => {
    const probed = await startProbed();
    const before = await readLiveMemory(probed.pid);

    await probed.ask('garbage');
    await probed.ask('garbage');
    const afterGarbage = await readLiveMemory(probed.pid);
    expect(Math.abs(afterGarbage - before)).toBeLessThan(4 * MiB);

    await probed.ask('keep');
    const afterKeeping = await readLiveMemory(probed.pid);
    // 16 MiB of Buffers and about as much of small objects.
    expect(afterKeeping - afterGarbage).toBeGreaterThan(24 * MiB);
    expect(afterKeeping - afterGarbage).toBeLessThan(64 * MiB);
  }, 60_000);

  it('says so when a process does not answer', async () => {
    child = spawn(process.execPath, ['-e', 'process.on("SIGUSR2", () => {}); setInterval(() => {}, 1000)']);
    await once(child, 'spawn');
    await expect(readLiveMemory(child.pid!, 300)).rejects.toThrow(/did not report its memory/);
  });
});
