import 'reflect-metadata';
import { checkDatabase, ConfigError, loadConfig, PreflightError, redactUrl } from '@agendy/server/core';
import { configureTransactionGuard, createDataSource, installTransactionGuard, runMigrations } from '@agendy/server/db';
import { seedDemoDirectory } from '@agendy/server/feature-identity';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { seedDemoAttendance } from '@agendy/server/feature-attendance';
import { AgendaRegistry } from '@agendy/server/feature-agendas';
import { verifyAuditChain } from '@agendy/server/feature-audit';

const USAGE = `usage: node cli.js <command>
  migrate     apply pending database migrations
  seed-demo   insert the demo office (departments, demo accounts, rooms and cars); idempotent
  setup       migrate, load the shipped agendas, then seed-demo when DEMO_MODE=true
  audit-verify  recompute the audit hash chain; exit 1 naming the first broken row`;

function say(message: string): void {
  process.stdout.write(`agendy-cli: ${message}\n`);
}

async function main(command: string | undefined): Promise<void> {
  if (!command || !['migrate', 'seed-demo', 'setup', 'audit-verify'].includes(command)) {
    process.stderr.write(USAGE + '\n');
    process.exit(2);
  }
  const config = loadConfig();
  // Only the database: migrating or verifying the audit chain must work while Redis is down.
  await checkDatabase(config.database.url);
  // No statement timeouts here (a migration may take minutes), but the same transaction discipline.
  configureTransactionGuard({ mode: config.database.transactionGuard });
  const ds = installTransactionGuard(createDataSource(config.database.url, 2, 'agendy-cli'));
  await ds.initialize();
  try {
    if (command === 'migrate' || command === 'setup') {
      const applied = await runMigrations(ds);
      say(applied.length ? `applied ${applied.join(', ')} to ${redactUrl(config.database.url)}` : 'database schema is up to date');
    }
    if (command === 'setup') {
      const loaded = await new AgendaRegistry(ds).loadShipped();
      say(`agendas: ${loaded.inserted} definitions added, ${loaded.published} published`);
    }
    if (command === 'audit-verify') {
      const result = await verifyAuditChain(ds);
      if (result.ok) {
        say(`audit log intact: ${result.rows} rows, chain head at ${result.headSeq}`);
      } else {
        const broken = result.firstBroken;
        say(`audit log BROKEN at row seq=${broken?.seq} id=${broken?.id || '-'}: ${broken?.reason} (${result.rows} rows checked)`);
        process.exitCode = 1;
      }
    }
    if (command === 'seed-demo' || (command === 'setup' && config.demoMode)) {
      const seeded = await seedDemoDirectory(ds);
      say(`demo data: ${seeded.departments} departments and ${seeded.users} users added`);
      const resources = await seedDemoResources(ds);
      say(`demo data: ${resources.resources} rooms and cars added`);
      const attendance = await seedDemoAttendance(ds);
      say(`demo data: ${attendance.models} working-time models and ${attendance.events} clock events added`);
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).catch((e: unknown) => {
  const message = e instanceof ConfigError || e instanceof PreflightError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`agendy-cli: ${message}\n`);
  process.exit(1);
});
