import type { Insertable } from 'kysely';
import type { AppConfig } from '../config.js';
import type { DB } from '../db/database.js';
import type { Database } from '../db/types.js';
import { normalizeSerial } from '../modules/customers/customer-text.js';
import { addressRow, contactRow, customerRow } from '../modules/customers/customers.rows.js';
import { CUSTOMER_NUMBER_PREFIX } from '../modules/customers/customers.service.js';
import { ORDER_NUMBER_PREFIX, orderTotalFen } from '../modules/customers/orders.service.js';
import { computeWarrantyEnd, lastCoveredDay, localDate } from '../modules/warranty/warranty-end.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type ServiceContext } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { nextNumber } from '../platform/numbering.js';
import { hashPassword } from '../platform/passwords.js';
import type { Role } from '../platform/permissions.js';
import * as repo from './demo.repository.js';
import { planCustomers } from './demo-customers.js';
import { prepareDemoCases, seedDemoCases } from './demo-cases.js';
import {
  DEMO_CATEGORIES,
  DEMO_COMPANY,
  DEMO_DEPARTMENTS,
  DEMO_GRADES,
  DEMO_PASSWORD,
  DEMO_PRODUCTS,
  DEMO_REGIONS,
  DEMO_USERS,
} from './demo-data.js';
import { seededRandom } from './random.js';

/**
 * Demo data (issue 2 item 8): the after-sales department of 华光照明电器有限公司 with users for
 * every role, its catalogue, a few hundred customers with contacts, addresses, orders and units.
 *
 * - Idempotent: does nothing when any demo user already exists.
 * - All or nothing: one transaction, batched inserts (well under a second on SQLite).
 * - Refuses to run in production unless SEED_DEMO=true was set explicitly.
 * - Rows follow the registry's column rules by using the customers module's row builders
 *   (pinyin, phone digits, e-mail lower case), its numbering prefixes, order total and serial
 *   normalisation, and the warranty rule of warranty-end.ts. (Its createCustomer/createUnit/
 *   createOrder each open their own transaction; a few thousand of those would be neither
 *   atomic nor fast, so the seed builds the same rows and inserts them in batches.)
 * - Then, in the same transaction, the department's day: ~40 cases, stock and remedies made through
 *   the services themselves (demo-cases.ts), so the queues are not empty at the first login.
 */

export const DEMO_SEED = 20251123;

export interface DemoLogin {
  role: Role;
  username: string;
  displayName: string;
  password: string;
}

export interface DemoSeedResult {
  seeded: boolean;
  /** why nothing was done */
  skippedBecause?: string;
  counts: Record<string, number>;
  logins: DemoLogin[];
}

export const DEMO_LOGINS: DemoLogin[] = DEMO_USERS.map((u) => ({
  role: u.roles[0],
  username: u.username,
  displayName: u.displayName,
  password: DEMO_PASSWORD,
}));

/** Whether `npm start` should seed the demo: 'true' always, 'auto' on an empty database outside production. */
export function shouldSeedDemoOnStartup(config: Pick<AppConfig, 'env' | 'seedDemo'>, usersTableEmpty: boolean): boolean {
  if (config.seedDemo === 'true') return true;
  if (config.seedDemo === 'false') return false;
  return usersTableEmpty && config.env !== 'production';
}

/** Production refuses demo data unless SEED_DEMO=true says so explicitly. */
export function demoSeedingAllowed(config: Pick<AppConfig, 'env' | 'seedDemo'>): boolean {
  return config.env !== 'production' || config.seedDemo === 'true';
}

/** Startup step: seed when the configuration asks for it. Returns whether demo data was created. */
export async function seedDemoOnStartup(ctx: ServiceContext): Promise<boolean> {
  const empty = (await repo.countUsers(ctx.db)) === 0;
  if (!shouldSeedDemoOnStartup(ctx.config, empty)) return false;
  return (await seedDemo(ctx)).seeded;
}

/** The demo logins to print at start, when the demo users are there and active. */
export async function presentDemoLogins(db: DB): Promise<DemoLogin[]> {
  const active = new Set(
    await repo.activeUsernames(
      db,
      DEMO_LOGINS.map((l) => l.username),
    ),
  );
  return DEMO_LOGINS.filter((l) => active.has(l.username));
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const rows = [['role', 'username', 'password', ''], ...logins.map((l) => [l.role, l.username, l.password, l.displayName])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => `    ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd())
    .join('\n');
}

type Row<T extends keyof Database> = Insertable<Database[T]>;

export async function seedDemo(
  ctx: ServiceContext,
  options: { persons?: number; companies?: number } = {},
): Promise<DemoSeedResult> {
  if (!demoSeedingAllowed(ctx.config)) {
    throw new Error('Refusing to seed demo data in production; set SEED_DEMO=true to do it anyway.');
  }
  const usernames = DEMO_USERS.map((u) => u.username);
  const existing = await repo.existingUsernames(ctx.db, usernames);
  if (existing.length) {
    return {
      seeded: false,
      skippedBecause: `demo users already exist (${existing.join(', ')})`,
      counts: {},
      logins: DEMO_LOGINS,
    };
  }
  // argon2 is slow on purpose: hash the shared demo password once, outside the transaction
  const passwordHash = await hashPassword(DEMO_PASSWORD, ctx.config.passwordHashCost);
  const random = seededRandom(DEMO_SEED);
  const today = localDate(ctx.clock.now(), ctx.config.companyTimeZone);

  await prepareDemoCases(ctx);
  const counts = await inTransaction(ctx, async (tx) => {
    const db = tx.db;
    const now = tx.clock.now().toISOString();
    const counts: Record<string, number> = {};

    // ---- reference data: reuse rows with the same code, create the rest (parents first)
    async function ensureByCode<T extends 'regions' | 'departments' | 'product_categories'>(
      table: T,
      items: { code: string; name: string; parent?: string }[],
    ): Promise<Map<string, string>> {
      const ids = await repo.idsByCode(db, table);
      const rows: Record<string, unknown>[] = [];
      for (const item of items) {
        if (ids.has(item.code)) continue;
        const id = newId();
        ids.set(item.code, id);
        rows.push({
          id,
          code: item.code,
          name: item.name,
          parent_id: item.parent ? ids.get(item.parent) : null,
          ...(table === 'departments' ? { head_user_id: null } : {}),
          archived: false,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
      await repo.insertMany(db, table, rows as any);
      counts[table] = rows.length;
      return ids;
    }

    const regionIds = await ensureByCode('regions', DEMO_REGIONS);
    const departmentIds = await ensureByCode('departments', DEMO_DEPARTMENTS);
    const categoryIds = await ensureByCode('product_categories', DEMO_CATEGORIES);

    const gradeIds = await repo.idsByCode(db, 'staff_grades');
    const gradeRows: Row<'staff_grades'>[] = DEMO_GRADES.filter((g) => !gradeIds.has(g.code)).map((g) => ({
      id: newId(),
      code: g.code,
      name: g.name,
      rank: g.rank,
      archived: false,
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    await repo.insertMany(db, 'staff_grades', gradeRows);
    counts.staff_grades = gradeRows.length;

    const productIds = await repo.productIdsByModel(db);
    const productRows: Row<'products'>[] = [];
    for (const p of DEMO_PRODUCTS) {
      if (productIds.has(p.model)) continue;
      const id = newId();
      productIds.set(p.model, id);
      productRows.push({
        id,
        model: p.model,
        name: p.name,
        category_id: categoryIds.get(p.category)!,
        specification: p.specification,
        default_warranty_months: p.warrantyMonths,
        post_repair_warranty_days: p.postRepairDays,
        status: p.discontinued ? 'discontinued' : 'active',
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    await repo.insertMany(db, 'products', productRows);
    counts.products = productRows.length;

    // ---- users for every role
    const userIds = new Map<string, string>();
    const userRows: Row<'users'>[] = [];
    const roleRows: Row<'user_roles'>[] = [];
    const skillRows: Row<'user_skills'>[] = [];
    const userRegionRows: Row<'user_regions'>[] = [];
    for (const u of DEMO_USERS) {
      const id = newId();
      userIds.set(u.username, id);
      userRows.push({
        id,
        username: u.username,
        display_name: u.displayName,
        password_hash: passwordHash,
        email: `${u.username}@huaguang.example.com`,
        phone: u.phone,
        department_id: departmentIds.get(u.department) ?? null,
        grade: u.grade ?? null,
        locale: 'zh-CN',
        status: 'active',
        version: 1,
        created_at: now,
        updated_at: now,
      });
      for (const role of u.roles) roleRows.push({ user_id: id, role });
      for (const [category, level] of Object.entries(u.skills ?? {})) {
        skillRows.push({ user_id: id, category_id: categoryIds.get(category)!, level });
      }
      for (const region of u.regions ?? []) userRegionRows.push({ user_id: id, region_id: regionIds.get(region)! });
    }
    await repo.insertMany(db, 'users', userRows);
    await repo.insertMany(db, 'user_roles', roleRows);
    await repo.insertMany(db, 'user_skills', skillRows);
    await repo.insertMany(db, 'user_regions', userRegionRows);
    for (const u of DEMO_USERS) {
      if (u.heads) await repo.setDepartmentHead(db, departmentIds.get(u.heads)!, userIds.get(u.username)!);
    }
    await repo.insertMany(
      db,
      'technician_bases',
      DEMO_USERS.filter((u) => u.base).map((u) => ({
        id: newId(),
        user_id: userIds.get(u.username)!,
        latitude: u.base!.latitude,
        longitude: u.base!.longitude,
        address: u.base!.address,
        version: 1,
        created_at: now,
        updated_at: now,
      })),
    );
    counts.users = userRows.length;

    // ---- customers, contacts, addresses, orders and units
    const agents = DEMO_USERS.filter((u) => u.roles.includes('agent')).map((u) => userIds.get(u.username)!);
    const planned = planCustomers(random, {
      today,
      persons: options.persons ?? 220,
      companies: options.companies ?? 90,
      agents: agents.length,
    }).sort((a, b) => a.createdAt.localeCompare(b.createdAt));

    const customers: Row<'customers'>[] = [];
    const contacts: Row<'customer_contacts'>[] = [];
    const addresses: Row<'customer_addresses'>[] = [];
    const orders: Row<'orders'>[] = [];
    const orderLines: Row<'order_lines'>[] = [];
    const units: (Row<'units'> & { _sortKey: string })[] = [];
    const orderDrafts: { row: Row<'orders'>; date: string }[] = [];

    for (const p of planned) {
      const customerId = newId();
      const code = await nextNumber(tx, CUSTOMER_NUMBER_PREFIX, Number(p.createdAt.slice(0, 4)));
      customers.push(
        customerRow(
          { ...p.customer, regionId: regionIds.get(p.regionCode) ?? null },
          { id: customerId, code, ownerUserId: agents[p.ownerAgent], now: p.createdAt },
        ),
      );
      for (const c of p.contacts) contacts.push(contactRow(customerId, c, p.createdAt));
      const addressIds: string[] = [];
      const addressTexts: string[] = [];
      for (const a of p.addresses) {
        const { regionCode, ...rest } = a;
        const row = addressRow(customerId, { ...rest, regionId: regionIds.get(regionCode) ?? null }, p.createdAt);
        addresses.push(row);
        addressIds.push(row.id);
        addressTexts.push(`${a.province}${a.city === a.province ? '' : a.city}${a.district}${a.line}`);
      }
      const orderIds: string[] = [];
      for (const o of p.orders) {
        const orderId = newId();
        orderIds.push(orderId);
        const createdAt = `${o.orderDate}T0${random.int(1, 8)}:${String(random.int(10, 59))}:00.000Z`;
        const row: Row<'orders'> = {
          id: orderId,
          order_number: '', // numbered below, in date order
          customer_id: customerId,
          order_date: o.orderDate,
          contract_number: o.contractNumber,
          kind: o.kind,
          total_fen: orderTotalFen(o.lines),
          status: o.status,
          notes: o.notes,
          version: 1,
          created_at: createdAt,
          updated_at: createdAt,
        };
        orderDrafts.push({ row, date: o.orderDate });
        for (const [i, l] of o.lines.entries()) {
          orderLines.push({
            id: newId(),
            order_id: orderId,
            line_no: i + 1,
            product_id: productIds.get(l.model)!,
            quantity: l.quantity,
            unit_price_fen: l.unitPriceFen,
          });
        }
      }
      for (const u of p.units) {
        const order = p.orders[u.orderIndex];
        const product = DEMO_PRODUCTS.find((x) => x.model === u.model)!;
        const site = order.kind === 'project' && addressIds.length > 1 ? 1 : 0;
        const overrideEnd = order.warrantyOverrideMonths ? lastCoveredDay(u.purchaseDate, order.warrantyOverrideMonths) : null;
        const overrideReason = order.warrantyOverrideMonths
          ? `合同 ${order.contractNumber} 约定整机保修${order.warrantyOverrideMonths}个月`
          : null;
        const warranty = computeWarrantyEnd({
          purchaseDate: u.purchaseDate,
          defaultWarrantyMonths: product.warrantyMonths,
          override: overrideEnd,
          overrideReason,
        });
        const createdAt = `${u.purchaseDate}T0${random.int(1, 8)}:${String(random.int(10, 59))}:00.000Z`;
        units.push({
          _sortKey: `${u.purchaseDate}|${createdAt}`,
          id: newId(),
          serial_number: '', // numbered below, in purchase order
          product_id: productIds.get(u.model)!,
          customer_id: customerId,
          purchase_date: u.purchaseDate,
          order_id: orderIds[u.orderIndex],
          contract_number: order.contractNumber,
          installation_address_id: addressIds[site] ?? null,
          installation_address: addressTexts[site] ?? null,
          warranty_end_override: overrideEnd,
          warranty_override_reason: overrideReason,
          warranty_end: warranty.warrantyEnd,
          status: u.status,
          replaced_by_unit_id: null,
          notes: u.notes,
          version: 1,
          created_at: createdAt,
          updated_at: createdAt,
        });
      }
    }

    orderDrafts.sort((a, b) => a.date.localeCompare(b.date) || String(a.row.created_at).localeCompare(String(b.row.created_at)));
    for (const d of orderDrafts) {
      d.row.order_number = await nextNumber(tx, ORDER_NUMBER_PREFIX, Number(d.date.slice(0, 4)));
      orders.push(d.row);
    }
    // serial numbers as printed on the nameplates: HG-<family>-<year>-<sequence>, e.g. HG-LED-2025-000123
    units.sort((a, b) => a._sortKey.localeCompare(b._sortKey));
    const serialCounters = new Map<string, number>();
    for (const u of units) {
      const product = DEMO_PRODUCTS.find((x) => productIds.get(x.model) === u.product_id)!;
      const key = `${product.family}-${String(u.purchase_date).slice(0, 4)}`;
      const n = (serialCounters.get(key) ?? 0) + 1;
      serialCounters.set(key, n);
      u.serial_number = normalizeSerial(`HG-${key}-${String(n).padStart(6, '0')}`);
    }

    await repo.insertMany(db, 'customers', customers);
    await repo.insertMany(db, 'customer_contacts', contacts);
    await repo.insertMany(db, 'customer_addresses', addresses);
    await repo.insertMany(db, 'orders', orders);
    await repo.insertMany(db, 'order_lines', orderLines);
    await repo.insertMany(
      db,
      'units',
      units.map(({ _sortKey, ...row }) => row),
    );
    Object.assign(counts, {
      customers: customers.length,
      customer_contacts: contacts.length,
      customer_addresses: addresses.length,
      orders: orders.length,
      order_lines: orderLines.length,
      units: units.length,
    });

    // ---- the department in the middle of its day: cases made through the services (demo-cases.ts)
    Object.assign(counts, await seedDemoCases(tx, random));

    await recordAudit(tx, {
      entity: 'demo',
      entityId: 'demo',
      action: 'seed',
      after: { company: DEMO_COMPANY, counts, users: usernames },
    });
    return counts;
  });
  return { seeded: true, counts, logins: DEMO_LOGINS };
}
