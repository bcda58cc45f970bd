/**
 * Loaded into a server process by the fan-out bench (`node --expose-gc --import <this file>`, see memory-probe.ts):
 * on SIGUSR2 it collects all garbage and writes the process's memory usage to a file named after its pid,
 * so that the bench reads what live objects take rather than what the allocator has not returned yet. Nothing else
 * changes in the process.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { memoryReportPath } from './memory-probe.ts';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect) {
  process.on('SIGUSR2', () => {
    // Twice: the memory of Buffers dropped before the first collection is only given back by the next one.
    collect();
    collect();
    const path = memoryReportPath(process.pid);
    // Written aside and renamed, so that the reader never sees half a report.
    writeFileSync(`${path}.partial`, JSON.stringify(process.memoryUsage()));
    renameSync(`${path}.partial`, path);
  });
}
