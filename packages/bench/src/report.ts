/**
 * What every benchmark section hands to the report: a titled table whose rows put each Sportello figure beside
 * its floor or peer measured in the same run, plus notes (targets met or missed, caveats).
 */
export interface BenchSection {
  title: string;
  /** Column names, in order; every row has a value for each. */
  columns: string[];
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}

/** Where a section may find the servers and data prepared by the runner. */
export interface BenchContext {
  /** Real PostgreSQL holding the generated data set (BENCH_DATABASE_URL, default the local `sportello_bench`). */
  databaseUrl: string;
  /** Redis for the multi-instance measurements (BENCH_REDIS_URL, default redis://127.0.0.1:6379). */
  redisUrl: string;
  /** Scale chosen for this run (tickets in the data set), for the report. */
  tickets: number;
  /** Prints progress on stderr so the table on stdout stays clean. */
  log: (message: string) => void;
}
