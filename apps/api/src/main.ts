import { prepareDatabase } from '@sportello/db';

/**
 * Starts the API: on the PostgreSQL at DATABASE_URL, or on an embedded one kept in .data/ when it is not set.
 * Pending migrations are applied first; an empty database gets the demo data.
 */
console.log(
  process.env.DATABASE_URL
    ? 'Preparing the database…'
    : 'Preparing the embedded database in .data/ (the first start takes a little while)…',
);
const database = await prepareDatabase({
  url: process.env.DATABASE_URL,
  dataDir: process.env.SPORTELLO_DATA_DIR,
});
const { loadDemoDataIfEmpty } = await import('@sportello/schema/seed/demo');
const demoLogins = process.env.SPORTELLO_DEMO_DATA === 'false' ? null : await loadDemoDataIfEmpty(database.url);
// The schema package reads its database from the environment when it is first imported.
process.env.DATABASE_URL = database.url;
process.env.DATABASE_POOL_SIZE ??= String(database.poolSize);
const { buildApp } = await import('./app.ts');

const { startAutomationWorker } = await import('./jobs/automation.ts');

const app = buildApp();
// SLA events, escalations, reminders and automatic closures: every instance runs the loop, PostgreSQL shares the work.
const worker = process.env.SPORTELLO_AUTOMATION === 'false' ? null : startAutomationWorker();
// Mails to customers: every instance writes the changes' mails to the outbox (at once for its own changes), and
// sends from it; PostgreSQL hands each change and each mail to one of them.
const { startOutboxWriter } = await import('./jobs/mail-outbox.ts');
const outboxWriter = startOutboxWriter();
const { startMailOutboundWorker } = await import('./jobs/mail-outbound.ts');
const mailOutbound = process.env.SPORTELLO_MAIL_OUTBOUND === 'false' ? null : startMailOutboundWorker();
// Mail from customers: every instance polls the active mailboxes, an advisory lock lets one read each at a time.
const { startMailInboundWorker } = await import('./jobs/mail-inbound.ts');
const mailInbound = process.env.SPORTELLO_MAIL_INBOUND === 'false' ? null : startMailInboundWorker();
const { url } = await app.start(Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
console.log(`Sportello dashboard on ${url.replace(/graphql$/, '')}`);
console.log(
  `Sportello API on ${url} (${database.embedded ? 'embedded PostgreSQL in .data/' : 'PostgreSQL at DATABASE_URL'}${process.env.REDIS_URL ? ', events through Redis' : ''})`,
);
if (database.appliedMigrations.length) console.log(`Applied migrations: ${database.appliedMigrations.join(', ')}`);
if (demoLogins) {
  console.log('Demo data loaded. Sign in with:');
  for (const login of demoLogins)
    console.log(`  ${login.role.padEnd(10)} ${login.email.padEnd(36)} ${login.password}  (${login.name})`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await worker?.stop();
  await outboxWriter.stop();
  await mailOutbound?.stop();
  await mailInbound?.stop();
  await app.stop();
  await database.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
