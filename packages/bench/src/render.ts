import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import type { BenchSection } from './report.ts';
import type { Bounds } from './load.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  loadAverage: number[];
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: rows[0]!.version.split(' on ')[0]!,
      loadAverage: loadavg().map((value) => Number(value.toFixed(1))),
    };
  } finally {
    await client.end();
  }
}

const cell = (value: string | number | undefined) => String(value ?? '');

/** A plain-text table for the terminal. */
export function textTable(section: BenchSection): string {
  const widths = section.columns.map((column) =>
    Math.max(column.length, ...section.rows.map((row) => cell(row[column]).length)),
  );
  const lineOf = (values: string[]) =>
    values
      .map((value, i) =>
        typeof section.rows[0]?.[section.columns[i]!] === 'number'
          ? value.padStart(widths[i]!)
          : value.padEnd(widths[i]!),
      )
      .join('  ');
  return [
    `== ${section.title}`,
    lineOf(section.columns),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...section.rows.map((row) => lineOf(section.columns.map((column) => cell(row[column])))),
    ...(section.notes ?? []).map((note) => `  * ${note}`),
  ].join('\n');
}

function markdownTable(section: BenchSection): string {
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  return [
    `| ${section.columns.map(escape).join(' | ')} |`,
    `| ${section.columns.map((column) => (typeof section.rows[0]?.[column] === 'number' ? '---:' : '---')).join(' | ')} |`,
    ...section.rows.map((row) => `| ${section.columns.map((column) => escape(cell(row[column]))).join(' | ')} |`),
  ].join('\n');
}

export interface ReportInput {
  machine: Machine;
  tickets: number;
  dataset: { rows: Record<string, number>; seconds: number; generatedNow: boolean };
  startedAt: Date;
  durationSeconds: number;
  sections: BenchSection[];
  busy: boolean;
  bounds: Bounds;
}

export function markdownReport(input: ReportInput): string {
  const { machine } = input;
  const rows = input.dataset.rows;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (packages/bench): every figure below comes from one run against real PostgreSQL, ' +
      'each beside its floor (the same work done by hand with `pg`) or its peer (PostGraphile 5 on the same ' +
      'database), measured in the same run. All load goes to servers on 127.0.0.1, each load bounded in time ' +
      `(${input.bounds.seconds} s) and count (${input.bounds.maxCount.toLocaleString('en')}), after a warm-up of ` +
      `${input.bounds.warmUpSeconds} s at the same concurrency that is not measured, for every server alike. ` +
      'Re-run it to refresh this file; `BENCH_TICKETS` sets the scale (default 1,000,000).',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; RAM: ${machine.memoryGiB} GiB`,
    `- Node ${machine.node}; ${machine.postgres} (server defaults, on the same machine)`,
    `- Run started ${input.startedAt.toISOString()}, took ${Math.round(input.durationSeconds)} s; load average at the start: ${machine.loadAverage.join(', ')}`,
    ...(input.busy
      ? [
          '- **Busy machine**: other work was running during this run (load average above the core count), so ' +
            'absolute figures are pessimistic; the floor and the peer were measured under the same load.',
        ]
      : []),
    '',
    '## Data set',
    '',
    `${input.tickets.toLocaleString('en')} tickets over two years with ${Object.entries(rows)
      .filter(([table]) => table !== 'Ticket' && table !== 'copySeconds')
      .map(([table, count]) => `${count.toLocaleString('en')} ${table} rows`)
      .join(', ')}. ` +
      (input.dataset.generatedNow
        ? `Generated in this run with COPY in ${Math.round(input.dataset.seconds)} s (indexes rebuilt after the load, then VACUUM ANALYZE).`
        : `Generated earlier with COPY in ${Math.round(input.dataset.seconds)} s and reused.`),
    '',
  ];
  for (const section of input.sections) {
    lines.push(`## ${section.title}`, '', markdownTable(section), '');
    for (const note of section.notes ?? []) lines.push(`- ${note}`);
    if (section.notes?.length) lines.push('');
  }
  return lines.join('\n');
}
