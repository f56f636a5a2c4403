import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './platform/clock.js';
import { prepareDatabase } from './startup.js';

/** CLI: serve | migrate | seed-demo */
async function main(command = 'serve') {
  const config = loadConfig();
  const handle = openDatabase(config);
  switch (command) {
    case 'serve': {
      const report = await prepareDatabase(handle, config, systemClock);
      const app = await buildApp({ db: handle.db, clock: systemClock, config });
      const shutdown = async (signal: string) => {
        app.log.info({ signal }, 'shutting down');
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
      return;
    }
    case 'migrate': {
      const applied = await migrateToLatest(handle.db, handle.schema);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      break;
    }
    default:
      console.error(`unknown command "${command}"; use serve | migrate | seed-demo | backup | restore`);
      process.exitCode = 2;
  }
  await handle.destroy();
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
