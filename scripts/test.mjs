#!/usr/bin/env node
// `npm test`: type check, the server suite on SQLite, the same suite on PostgreSQL when
// TEST_DATABASE_URL is set, the web unit tests, and the browser tests when Chromium is here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [];
function run(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  steps.push({ title, ok: result.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  return result.status === 0;
}

const bin = (name) => `node_modules/.bin/${name}`;
const chromium = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

run('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
run('server + web tests on SQLite', bin('vitest'), ['run', '--project', 'server', '--project', 'web'], { TEST_DATABASE_URL: '' });
if (process.env.TEST_DATABASE_URL) {
  run('server tests on PostgreSQL', bin('vitest'), ['run', '--project', 'server']);
} else {
  console.log('\n(PostgreSQL run skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to enable)');
}
if (chromium) {
  if (run('build web for browser tests', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'])) {
    run('browser tests (Chromium)', bin('vitest'), ['run', '--project', 'e2e'], { CHROMIUM_PATH: chromium });
  }
} else {
  console.log('\n(browser tests skipped: no Chromium found; apt-get install -y chromium fonts-wqy-microhei)');
}

console.log('\n=== summary ===');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.title} (${s.seconds}s)`);
const failed = steps.filter((s) => !s.ok).length;
console.log(`${steps.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
