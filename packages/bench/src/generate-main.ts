/** `npm run generate -w @sportello/bench`: (re)generates the bench data set only, at BENCH_TICKETS (default 1,000,000). */
import { prepareBenchDatabase } from './database.ts';
import { generate } from './generate.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sportello_bench';
const tickets = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const log = (message: string) => console.error(`[generate ${new Date().toISOString()}] ${message}`);
await prepareBenchDatabase(databaseUrl, log);
const result = await generate(databaseUrl, tickets, log);
log(`${tickets} tickets generated in ${result.seconds.toFixed(0)} s: ${JSON.stringify(result.rows)}`);
