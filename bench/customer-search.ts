/**
 * Lookup-as-you-type at scale: generate N customers (default 100 000) with contacts and units
 * straight through the customer repository, then time 200 lookups of each kind through the
 * service (GET /customers/lookup without HTTP) and print p50 / p95 / p99.
 *
 *   npx tsx bench/customer-search.ts                       # SQLite file under /tmp
 *   npx tsx bench/customer-search.ts --customers 20000     # smaller
 *   … --keep                                               # keep the PostgreSQL schema to look at plans
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/customer-search.ts
 *                                                          # PostgreSQL, in a fresh schema (dropped after)
 *
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openPostgres, openSqlite } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import * as repo from '../server/modules/customers/customers.repository.js';
import { contactRow, customerRow } from '../server/modules/customers/customers.rows.js';
import { lookupCustomers } from '../server/modules/customers/customers.service.js';
import * as unitsRepo from '../server/modules/customers/units.repository.js';
import { lastCoveredDay } from '../server/modules/warranty/warranty-end.js';
import { systemClock } from '../server/platform/clock.js';
import type { ServiceContext } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { systemActor } from '../server/platform/permissions.js';
import { testConfig } from '../server/testing/app.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CUSTOMERS = argValue('--customers', 100_000);
/** keep the generated database (the PostgreSQL schema is not dropped) to look at query plans */
const KEEP = args.includes('--keep');
const LOOKUPS = argValue('--lookups', 200);
const BATCH = 1000;

// deterministic pseudo-random numbers, so runs are comparable
let seed = 20261123;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬飞鹏辉建国志强文斌海燕晨阳宇浩然子涵欣怡梓轩雨萱思远博文';
const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '重庆',
  '武汉',
  '西安',
  '天津',
  '长沙',
  '郑州',
  '青岛',
  '宁波',
  '厦门',
  '合肥',
  '佛山',
  '东莞',
];
const TRADES = [
  '照明',
  '电器',
  '物业',
  '酒店',
  '商贸',
  '建设',
  '电子',
  '机电',
  '家居',
  '科技',
  '实业',
  '工程',
  '餐饮',
  '医药',
  '制造',
];
const WORDS = [
  '华',
  '明',
  '光',
  '达',
  '盛',
  '恒',
  '兴',
  '瑞',
  '安',
  '信',
  '鑫',
  '宏',
  '新',
  '美',
  '佳',
  '通',
  '远',
  '腾',
  '丰',
  '金',
];
const MODELS = Array.from({ length: 50 }, (_, i) => `M${String(i + 1).padStart(3, '0')}`);

function personName() {
  return pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.6 ? pick([...GIVEN]) : '');
}
function companyName() {
  return `${pick(CITIES)}市${pick(WORDS)}${pick(WORDS)}${pick(TRADES)}有限公司`;
}
function mobile() {
  return `1${pick(['3', '5', '8', '9'])}${digits(9)}`;
}

async function open(): Promise<{ handle: DatabaseHandle; label: string; cleanup: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url?.startsWith('postgres')) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = openPostgres(url, { schema, max: 4 });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      label: `PostgreSQL (schema ${schema})`,
      cleanup: async () => {
        await handle.destroy();
        if (KEEP) {
          console.log(`kept schema ${schema}`);
          return;
        }
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const file = '/tmp/aftersales-bench/customer-search.db';
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  return { handle, label: `SQLite ${file}`, cleanup: () => handle.destroy() };
}

interface Sample {
  phone: string;
  serial: string;
  name: string;
  initials: string;
  pinyin: string;
  email: string | null;
  code: string;
}

async function generate(handle: DatabaseHandle): Promise<Sample[]> {
  const db = handle.db;
  const now = new Date().toISOString();
  const categoryId = newId();
  await db
    .insertInto('product_categories')
    .values({ id: categoryId, code: 'BENCH', name: '照明', created_at: now, updated_at: now })
    .execute();
  const products = MODELS.map((model) => ({
    id: newId(),
    model,
    name: `产品 ${model}`,
    category_id: categoryId,
    specification: null,
    default_warranty_months: pick([12, 24, 36]),
    post_repair_warranty_days: 90,
    created_at: now,
    updated_at: now,
  }));
  await db.insertInto('products').values(products).execute();

  const samples: Sample[] = [];
  const started = performance.now();
  let serialCounter = 0;
  for (let offset = 0; offset < CUSTOMERS; offset += BATCH) {
    const customers: repo.CustomerInsert[] = [];
    const contacts: repo.ContactInsert[] = [];
    const units: unitsRepo.UnitInsert[] = [];
    for (let i = offset; i < Math.min(offset + BATCH, CUSTOMERS); i++) {
      const isPerson = rand() < 0.6;
      const name = isPerson ? personName() : companyName();
      const code = `KH-2026-${String(i + 1).padStart(6, '0')}`;
      const row = customerRow(
        { kind: isPerson ? 'person' : 'company', name, class: pick(['A', 'B', 'C', 'C', 'D'] as const) },
        { code, ownerUserId: null, now },
      );
      customers.push(row);
      const contactCount = isPerson ? 1 : 1 + Math.floor(rand() * 3);
      let firstPhone = '';
      let firstEmail: string | null = null;
      for (let c = 0; c < contactCount; c++) {
        const phone = rand() < 0.85 ? mobile() : `0${pick(['10', '21', '20', '755', '571'])}-${digits(8)}`;
        const email = rand() < 0.4 ? `user${i}x${c}@${pick(['qq.com', '163.com', 'example.cn'])}` : null;
        if (c === 0) {
          firstPhone = phone;
          firstEmail = email;
        }
        contacts.push(contactRow(row.id, { name: isPerson ? name : personName(), phone, email, isPrimary: c === 0 }, now));
      }
      const unitCount = Math.floor(rand() * 3); // 0..2, ~1 per customer
      let serial = '';
      for (let u = 0; u < unitCount; u++) {
        const product = pick(products);
        serialCounter += 1;
        serial = `${product.model}${pick(['23', '24', '25'])}${String(serialCounter).padStart(7, '0')}`;
        const purchase = `202${pick(['3', '4', '5'])}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        units.push({
          id: newId(),
          serial_number: serial,
          product_id: product.id,
          customer_id: row.id,
          purchase_date: purchase,
          warranty_end: lastCoveredDay(purchase, product.default_warranty_months),
          created_at: now,
          updated_at: now,
        });
      }
      if (i % Math.max(1, Math.floor(CUSTOMERS / (LOOKUPS * 4))) === 0) {
        samples.push({
          phone: firstPhone.replace(/\D/g, ''),
          serial,
          name,
          initials: row.name_initials!,
          pinyin: String(row.name_pinyin).split(' ')[0],
          email: firstEmail,
          code,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await repo.insertCustomers(trx as any, customers);
      await repo.insertContacts(trx as any, contacts);
      await unitsRepo.insertUnits(trx as any, units);
    });
  }
  if (handle.dialect === 'postgres') {
    // what autovacuum does on a live database: statistics and the visibility map (index-only scans)
    for (const table of ['customers', 'customer_contacts', 'units']) await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  }
  const count = async (table: 'customers' | 'customer_contacts' | 'units') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  console.log(
    `generated ${await count('customers')} customers, ${await count('customer_contacts')} contacts, ${await count('units')} units in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return samples;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const { handle, label, cleanup } = await open();
  try {
    console.log(`database: ${label}; customers: ${CUSTOMERS}; lookups per kind: ${LOOKUPS}`);
    const samples = await generate(handle);
    const ctx: ServiceContext = { db: handle.db, clock: systemClock, config: testConfig(), actor: systemActor, requestId: null };
    const take = <T>(f: (s: Sample) => T | null | undefined | '') =>
      Array.from({ length: LOOKUPS }, (_, i) => f(samples[(i * 7) % samples.length]) || f(samples[i % samples.length])).filter(
        (x): x is T => Boolean(x),
      );
    const kinds: [string, string[]][] = [
      ['phone prefix (7 digits)', take((s) => s.phone.slice(0, 7))],
      ['phone last 4 digits', take((s) => s.phone.slice(-4))],
      ['serial prefix (8 chars)', take((s) => s.serial.slice(0, 8))],
      ['pinyin initials', take((s) => s.initials.slice(0, 3))],
      ['full pinyin prefix', take((s) => s.pinyin.slice(0, 6))],
      ['name contains (2 chars)', take((s) => [...s.name].slice(1, 3).join(''))],
      ['e-mail prefix', take((s) => s.email?.slice(0, 6))],
      ['customer code', take((s) => s.code)],
      ['no match (worst case)', Array.from({ length: LOOKUPS }, (_, i) => `无此客户${i}`)],
    ];
    console.log('\nkind                         n    hits   p50 ms  p95 ms  p99 ms');
    for (const [kind, queries] of kinds) {
      // warm-up
      for (const q of queries.slice(0, 5)) await lookupCustomers(ctx, q);
      const times: number[] = [];
      let hits = 0;
      for (const q of queries) {
        const t0 = performance.now();
        const result = await lookupCustomers(ctx, q);
        times.push(performance.now() - t0);
        if (result.items.length) hits++;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${kind.padEnd(26)} ${String(queries.length).padStart(4)} ${String(hits).padStart(6)}  ${percentile(times, 50).toFixed(2).padStart(7)} ${percentile(times, 95).toFixed(2).padStart(7)} ${percentile(times, 99).toFixed(2).padStart(7)}`,
      );
    }
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
