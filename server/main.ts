import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createUserRequest } from '../contracts/staff.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { backupDatabase, restoreDatabase } from './db/backup.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { dueWorkHandlers, messageSenders } from './jobs.js';
import { systemClock } from './platform/clock.js';
import { startSweeper } from './platform/sweeper.js';
import { createUser } from './modules/staff/staff.service.js';
import { startInboundMailServer } from './modules/mail/mail.server.js';
import { ensureReferenceData, prepareDatabase } from './startup.js';
import { formatDemoLogins, presentDemoLogins, seedDemo } from './demo/seed-demo.js';
import { systemActor } from './platform/permissions.js';

/** CLI: serve | migrate | seed-demo | create-admin <username> | backup [file] | restore <file> */
async function main(command = 'serve') {
  const config = loadConfig();
  const handle = openDatabase(config);
  switch (command) {
    case 'serve': {
      const report = await prepareDatabase(handle, config, systemClock);
      const app = await buildApp({ db: handle.db, clock: systemClock, config });
      const sweeper = startSweeper(
        { db: handle.db, clock: systemClock, config, log: app.log },
        { handlers: dueWorkHandlers(), senders: messageSenders(config, handle.db) },
        config.sweeperIntervalMs,
      );
      const inboundMail = config.mail.inbound
        ? await startInboundMailServer({ db: handle.db, clock: systemClock, config, log: app.log })
        : null;
      const shutdown = async (signal: string) => {
        app.log.info({ signal }, 'shutting down');
        await inboundMail?.close();
        await sweeper.stop();
        await app.close();
        await handle.destroy();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      const url = `http://localhost:${config.port}`;
      const db = config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
      console.log(`\n  Aftersales 售后服务管理系统 is running: ${url}  (database: ${db})`);
      if (report.migrationsApplied.length) console.log(`  migrations applied: ${report.migrationsApplied.join(', ')}`);
      if (config.env !== 'production') console.log(`  API docs: ${url}/api/docs`);
      if (inboundMail) console.log(`  e-mail intake (SMTP): ${inboundMail.host}:${inboundMail.port}`);
      const demoLogins = await presentDemoLogins(handle.db);
      if (demoLogins.length && (report.demoSeeded || config.env !== 'production')) {
        console.log(`\n  Demo logins 演示账号${report.demoSeeded ? ' (demo data just created)' : ''}:\n${formatDemoLogins(demoLogins)}\n`);
      }
      return;
    }
    case 'migrate': {
      const applied = await migrateToLatest(handle.db, handle.schema);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      break;
    }
    case 'seed-demo': {
      await migrateToLatest(handle.db, handle.schema);
      const ctx = { db: handle.db, clock: systemClock, config, actor: systemActor, requestId: null };
      // the demo cases need the case types, the calendar and the notification templates
      await ensureReferenceData(ctx);
      const result = await seedDemo(ctx);
      if (!result.seeded) console.log(`demo data not seeded: ${result.skippedBecause}`);
      else console.log(`demo data created: ${Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      console.log(`\nDemo logins 演示账号:\n${formatDemoLogins(result.logins)}`);
      break;
    }
    case 'create-admin': {
      // The first login of a production install (demo data is never seeded there).
      const username = process.argv[3];
      const password = process.env.ADMIN_PASSWORD;
      if (!username || !password) throw new Error('usage: ADMIN_PASSWORD=… create-admin <username> [display name]');
      await migrateToLatest(handle.db, handle.schema);
      const parsed = createUserRequest.safeParse({ username, displayName: process.argv[4] ?? username, password, roles: ['admin'] });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      const input = parsed.data;
      const admin = await createUser({ db: handle.db, clock: systemClock, config, actor: systemActor, requestId: null }, input);
      console.log(`administrator "${admin.username}" created`);
      break;
    }
    case 'backup': {
      const file = path.resolve(
        process.argv[3] ?? path.join(config.dataDir, 'backups', `aftersales-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`),
      );
      mkdirSync(path.dirname(file), { recursive: true });
      const summary = await backupDatabase(handle.db, file, { schema: handle.schema });
      const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
      console.log(`backup written: ${file} (${Object.keys(summary.tables).length} tables, ${rows} rows)`);
      break;
    }
    case 'restore': {
      const file = process.argv[3];
      if (!file) throw new Error('usage: restore <backup-file> (into an empty database; stop the servers first)');
      await migrateToLatest(handle.db, handle.schema);
      const summary = await restoreDatabase(handle.db, path.resolve(file), { schema: handle.schema });
      const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
      console.log(`restored ${rows} rows into ${Object.keys(summary.tables).length} tables from ${file}`);
      break;
    }
    default:
      console.error(`unknown command "${command}"; use serve | migrate | seed-demo | create-admin | backup | restore`);
      process.exitCode = 2;
  }
  await handle.destroy();
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
