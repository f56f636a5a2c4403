/**
 * A realistic after-sales company for benchmarks (issue 6 item 1): staff, catalogue, regions,
 * customers with contacts, addresses, sales orders and units, and `cases` service cases over the
 * last two years (repair 75 %, consultation 12 %, warranty claim 6 %, complaint 4 %, return 3 %)
 * with their deadlines, timeline, audit rows, due work and repair orders; what hangs off the cases
 * (complaints, follow-ups, parts ledger, warranty claims) comes from ./service-history.ts. Rows are
 * written in batches through the repositories' row builders (customers) or as full rows — the
 * same columns the services write — on SQLite or PostgreSQL.
 *
 * Sizes: one customer per 10 cases, a unit each (a second one for every fifth), half of the
 * units with the sales order they came from.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../server/db/database.js';
import * as customersRepo from '../../server/modules/customers/customers.repository.js';
import { addressRow, contactRow, customerRow } from '../../server/modules/customers/customers.rows.js';
import * as unitsRepo from '../../server/modules/customers/units.repository.js';
import { lastCoveredDay } from '../../server/modules/warranty/warranty-end.js';
import { newId } from '../../server/platform/ids.js';
import { hashPassword } from '../../server/platform/passwords.js';
import type { Role } from '../../server/platform/permissions.js';
import { DEVICES, DISTRICTS, seededRandom, textFrom } from './random.js';
import { createServiceHistory, readServiceReference } from './service-history.js';
import type { GeneratedCase, Product, Rows, World } from './world.js';

export const BENCH_PASSWORD = 'bench-password-1';
const DAY = 86_400_000;
const BATCH = 2000;

/** the logins the load scripts use */
export const BENCH_USERS = { agent: 'bench_agent0', manager: 'bench_manager0', quality: 'bench_quality0' } as const;

export interface CompanyStats {
  cases: number;
  open: number;
  overdue: number;
  customers: number;
  units: number;
  seconds: number;
}

type DB = DatabaseHandle['db'];

export async function insertChunked(db: DB, table: string, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  for (const chunk of customersRepo.chunked(rows, Object.keys(rows[0]).length)) {
    await (db as any).insertInto(table).values(chunk).execute();
  }
}

async function insertRows(db: DB, rows: Rows) {
  for (const [table, list] of Object.entries(rows)) await insertChunked(db, table, list);
}

/** Local (Asia/Shanghai) year of an instant, for case numbers. */
const localYear = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCFullYear();

const STAFF: [prefix: string, role: Role, count: (cases: number) => number, label: string][] = [
  ['bench_agent', 'agent', (n) => Math.max(10, Math.round(n / 5000)), '坐席'],
  ['bench_tech', 'technician', (n) => Math.max(20, Math.round(n / 3000)), '工程师'],
  ['bench_quality', 'quality', () => 4, '质量工程师'],
  ['bench_manager', 'general_manager', () => 2, '经理'],
  ['bench_supervisor', 'supervisor', () => 3, '主管'],
  ['bench_head', 'department_head', () => 1, '部门经理'],
  ['bench_warehouse', 'warehouse', () => 2, '库管'],
];

async function insertStaff(handle: DatabaseHandle, cases: number, text: ReturnType<typeof textFrom>, nowIso: string) {
  const hash = await hashPassword(BENCH_PASSWORD, { memoryCost: 19456, timeCost: 2 });
  const ids = new Map<Role, string[]>();
  const users: Record<string, unknown>[] = [];
  const roles: Record<string, unknown>[] = [];
  for (const [prefix, role, count, label] of STAFF) {
    for (let i = 0; i < count(cases); i++) {
      const id = newId();
      ids.set(role, [...(ids.get(role) ?? []), id]);
      users.push({ id, username: `${prefix}${i}`, display_name: `${label}${text.personName()}`, password_hash: hash, email: null, phone: text.mobile(), department_id: null, grade: null, created_at: nowIso, updated_at: nowIso });
      roles.push({ user_id: id, role });
    }
  }
  await insertChunked(handle.db, 'users', users);
  await insertChunked(handle.db, 'user_roles', roles);
  return ids;
}

/**
 * Generate the company into a migrated database that has its reference data
 * (`ensureReferenceData`). Deterministic for a given `seed`.
 */
export async function generateCompany(handle: DatabaseHandle, options: { cases: number; seed?: number; nowMs?: number; log?: (line: string) => void }): Promise<CompanyStats> {
  const db = handle.db;
  const started = performance.now();
  const rand = seededRandom(options.seed ?? 20261124);
  const text = textFrom(rand);
  const { pick } = text;
  const CASES = options.cases;
  const CUSTOMERS = Math.max(100, Math.round(CASES / 10));
  const nowMs = options.nowMs ?? Date.now();
  const nowIso = new Date(nowMs).toISOString();

  const staff = await insertStaff(handle, CASES, text, nowIso);
  const agentIds = staff.get('agent')!;
  const technicianIds = staff.get('technician')!;

  // catalogue and regions
  const categoryIds = Array.from({ length: 8 }, () => newId());
  await insertChunked(db, 'product_categories', categoryIds.map((id, i) => ({ id, code: `BENCH-C${i}`, name: `${DEVICES[i]}类`, parent_id: i > 1 ? categoryIds[i % 2] : null, created_at: nowIso, updated_at: nowIso })));
  const productRows = Array.from({ length: 50 }, (_, i) => {
    const model = `M${String(i + 1).padStart(3, '0')}`;
    return { id: newId(), model, name: `${pick(DEVICES)} ${model}`, category_id: pick(categoryIds), specification: null, default_warranty_months: pick([12, 24, 36]), post_repair_warranty_days: 90, created_at: nowIso, updated_at: nowIso };
  });
  await insertChunked(db, 'products', productRows);
  const products: Product[] = productRows.map((p) => ({ id: p.id, model: p.model, name: p.name, categoryId: p.category_id }));
  const regionIds = Array.from({ length: 1 + DISTRICTS.length }, () => newId());
  await insertChunked(db, 'regions', regionIds.map((id, i) => ({ id, code: `BENCH-R${i}`, name: i === 0 ? '深圳市' : DISTRICTS[i - 1], parent_id: i === 0 ? null : regionIds[0], created_at: nowIso, updated_at: nowIso })));
  // every technician: 1–3 product categories, 1–2 districts (dispatch candidates)
  await insertChunked(db, 'user_skills', technicianIds.flatMap((user_id) => [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(categoryIds)))].map((category_id) => ({ user_id, category_id, level: 1 + Math.floor(rand() * 5) }))));
  await insertChunked(db, 'user_regions', technicianIds.flatMap((user_id) => [...new Set([pick(regionIds.slice(1)), pick(regionIds.slice(1))])].map((region_id) => ({ user_id, region_id }))));

  const world: World = {
    nowMs,
    rand,
    agentIds,
    technicianIds,
    qualityIds: staff.get('quality')!,
    managerIds: staff.get('general_manager')!,
    products,
    regionIds: regionIds.slice(1),
    parties: [],
  };

  // customers, contacts, default addresses, units, sales orders
  let unitCount = 0;
  for (let offset = 0; offset < CUSTOMERS; offset += 1000) {
    const customers: customersRepo.CustomerInsert[] = [];
    const contacts: customersRepo.ContactInsert[] = [];
    const addresses: customersRepo.AddressInsert[] = [];
    const units: unitsRepo.UnitInsert[] = [];
    const orders: Record<string, unknown>[] = [];
    const orderLines: Record<string, unknown>[] = [];
    for (let i = offset; i < Math.min(offset + 1000, CUSTOMERS); i++) {
      const isPerson = rand() < 0.6;
      const name = isPerson ? text.personName() : text.companyName();
      const customer = customerRow(
        { kind: isPerson ? 'person' : 'company', name, class: pick(['A', 'B', 'C', 'C', 'D'] as const) },
        { code: `KH-2025-${String(i + 1).padStart(7, '0')}`, ownerUserId: null, now: nowIso },
      );
      customers.push(customer);
      const phone = text.mobile();
      const contact = contactRow(customer.id, { name: isPerson ? name : text.personName(), phone, isPrimary: true }, nowIso);
      contacts.push(contact);
      const regionIndex = 1 + Math.floor(rand() * DISTRICTS.length);
      addresses.push(
        addressRow(
          customer.id,
          {
            line: `${pick(['科技园', '华侨城', '福华路', '新安街道', '坂田'])}${1 + Math.floor(rand() * 300)}号`,
            province: '广东省',
            city: '深圳市',
            district: DISTRICTS[regionIndex - 1],
            regionId: regionIds[regionIndex],
            latitude: 22.5 + rand() * 0.2,
            longitude: 113.9 + rand() * 0.3,
            isDefault: true,
          },
          nowIso,
        ),
      );
      for (let u = 0; u < (rand() < 0.2 ? 2 : 1); u++) {
        const product = pick(productRows);
        const serial = `${product.model}${pick(['23', '24', '25'])}${String(++unitCount).padStart(8, '0')}`;
        const purchase = `202${pick(['3', '4', '5'])}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        let orderId: string | null = null;
        if (rand() < 0.5) {
          orderId = newId();
          const priceFen = 20_000 + Math.floor(rand() * 500) * 100;
          orders.push({ id: orderId, order_number: `XS-${purchase.slice(0, 4)}-${String(unitCount).padStart(8, '0')}`, customer_id: customer.id, order_date: purchase, contract_number: null, kind: 'sale', total_fen: priceFen, status: 'completed', notes: null, version: 1, created_at: nowIso, updated_at: nowIso });
          orderLines.push({ id: newId(), order_id: orderId, line_no: 1, product_id: product.id, quantity: 1, unit_price_fen: priceFen });
        }
        const unitId = newId();
        units.push({ id: unitId, serial_number: serial, product_id: product.id, customer_id: customer.id, order_id: orderId, purchase_date: purchase, warranty_end: lastCoveredDay(purchase, product.default_warranty_months), created_at: nowIso, updated_at: nowIso });
        world.parties.push({ customerId: customer.id, customerName: name, contactId: contact.id, phone, unitId, serial, productId: product.id, regionId: regionIds[regionIndex] });
      }
    }
    await db.transaction().execute(async (trx) => {
      await customersRepo.insertCustomers(trx as any, customers);
      await customersRepo.insertContacts(trx as any, contacts);
      await customersRepo.insertAddresses(trx as any, addresses);
      await insertChunked(trx as any, 'orders', orders);
      await insertChunked(trx as any, 'order_lines', orderLines);
      await unitsRepo.insertUnits(trx as any, units);
    });
  }

  world.serviceReference = await readServiceReference(db);
  const history = createServiceHistory(world);
  await db.transaction().execute((trx) => insertRows(trx as any, history.referenceRows()));

  const policies = await db.selectFrom('sla_policies').selectAll().where('starts_at_open', '=', true).where('urgency', 'is', null).execute();
  const firstPolicyOf = (type: string) => policies.find((p) => p.case_type === type && p.metric !== 'resolution');
  const resolutionPolicy = policies.find((p) => p.case_type === 'repair' && p.metric === 'resolution');

  const TYPES: [GeneratedCase['type'], string, number][] = [
    ['repair', 'BX', 0.75],
    ['consultation', 'ZX', 0.87],
    ['warranty_claim', 'BZ', 0.93],
    ['complaint', 'TS', 0.97],
    ['return', 'TH', 1],
  ];
  const OPEN_STATES: Record<GeneratedCase['type'], string[]> = {
    repair: ['reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'awaiting_acceptance'],
    consultation: ['new', 'in_progress'],
    warranty_claim: ['applied', 'replied', 'reviewed', 'repairing'],
    return: ['applied', 'replied', 'reviewed', 'refunding'],
    complaint: ['new', 'verifying', 'investigating', 'planning', 'handling', 'feedback', 'awaiting_confirmation'],
  };
  const INITIAL: Record<GeneratedCase['type'], string> = { repair: 'reviewing', consultation: 'new', warranty_claim: 'applied', return: 'applied', complaint: 'new' };

  const counters = new Map<string, number>();
  const span = 730 * DAY;
  let overdue = 0;
  let open = 0;
  for (let offset = 0; offset < CASES; offset += BATCH) {
    const batch: GeneratedCase[] = [];
    const cases: Record<string, unknown>[] = [];
    const orders: Record<string, unknown>[] = [];
    const deadlines: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const audits: Record<string, unknown>[] = [];
    const dueWork: Record<string, unknown>[] = [];
    for (let i = offset; i < Math.min(offset + BATCH, CASES); i++) {
      const createdMs = nowMs - span + Math.floor((span * (i + rand())) / CASES) - DAY;
      const created = new Date(createdMs).toISOString();
      const r = rand();
      const [type, prefix] = TYPES.find(([, , upTo]) => r < upTo)!;
      const year = localYear(createdMs);
      const counterKey = `${prefix}|${year}`;
      const n = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, n);
      const party = pick(world.parties);
      const age = nowMs - createdMs;
      const isOpen = rand() < (age < 5 * DAY ? 0.7 : age < 30 * DAY ? 0.1 : 0.005);
      const owner = type === 'complaint' ? pick(world.qualityIds) : pick(agentIds);
      const title = type === 'complaint' ? `投诉：${text.caseTitle()}多次维修未解决` : text.caseTitle();
      const urgency = rand() < 0.1 ? 'high' : pick(['medium', 'medium', 'low'] as const);
      const resolutionDue = createdMs + (urgency === 'high' ? 24 : 3 * 24 + 48) * 3_600_000; // 3 working days, roughly
      const state = isOpen ? pick(OPEN_STATES[type]) : type === 'repair' ? pick(['closed', 'closed', 'closed', 'closed_unrepaired', 'cancelled']) : 'closed';
      // closed 1–5 days after opening, never after now
      const closedAt = isOpen ? null : new Date(Math.min(createdMs + (1 + rand() * 4) * DAY, nowMs - 60_000)).toISOString();
      const id = newId();
      const isRepair = type === 'repair';
      const breached = isRepair && isOpen && resolutionDue < nowMs;
      if (breached) overdue++;
      if (isOpen) open++;
      const severity = pick(['general', 'general', 'important', 'major'] as const);
      const technicianId = isRepair && state !== 'reviewing' && state !== 'awaiting_dispatch' && state !== 'cancelled' ? pick(technicianIds) : null;
      const repairOrderId = isRepair ? newId() : null;
      const number = `${prefix}-${year}-${String(n).padStart(6, '0')}`;
      cases.push({
        id, number, type, state,
        channel: pick(['phone', 'phone', 'phone', 'email', 'portal', 'api'] as const),
        customer_id: party.customerId, contact_id: party.contactId, contact_name: null, contact_phone: party.phone, contact_email: null,
        unit_id: type === 'consultation' ? null : party.unitId, product_id: null,
        title, description: text.caseDescription(title), fault_started_on: null, usage_environment: null,
        severity, urgency, on_site_required: isRepair,
        owner_id: owner, region_id: party.regionId, address: null, latitude: null, longitude: null,
        waiting_on: null, waiting_since: null, escalation_level: breached ? 3 : 0, escalated: breached, merged_into_id: null,
        first_replied_at: new Date(createdMs + 3_600_000).toISOString(), resolved_at: closedAt, closed_at: closedAt,
        created_by: owner, version: isOpen ? 3 : 6, created_at: created, updated_at: closedAt ?? created,
      });
      batch.push({ id, number, type, state, severity, party, ownerId: owner, technicianId, repairOrderId, title, createdMs, createdAt: created, closedAt });
      if (repairOrderId) {
        const inWarranty = rand() < 0.7;
        orders.push({ id: repairOrderId, case_id: id, warranty_status: inWarranty ? 'in_warranty' : 'out_of_warranty', warranty_reason: inWarranty ? 'catalogue_default' : 'expired', on_site: true, technician_id: technicianId, created_at: created, updated_at: closedAt ?? created });
      }
      const deadlineRow = (policy: (typeof policies)[number], dueMs: number, dState: string, met: string | null) => ({
        id: newId(), case_id: id, metric: policy.metric, policy_id: policy.id, amount: policy.amount, unit: policy.unit,
        warn_before_minutes: policy.warn_before_minutes, escalate_after_minutes: policy.escalate_after_minutes,
        started_at: created, due_at: new Date(dueMs).toISOString(),
        warn_at: dState === 'running' ? new Date(dueMs - policy.warn_before_minutes * 60_000).toISOString() : null,
        state: dState, met_at: met, breached_at: dState === 'breached' ? new Date(dueMs).toISOString() : null,
        escalation_level: dState === 'breached' ? 3 : 0, created_at: created, updated_at: met ?? created,
      });
      const firstPolicy = firstPolicyOf(type);
      if (firstPolicy) deadlines.push(deadlineRow(firstPolicy, createdMs + 4 * 3_600_000, 'met', new Date(createdMs + 3_600_000).toISOString()));
      if (isRepair && resolutionPolicy) {
        const dState = isOpen ? (breached ? 'breached' : 'running') : 'met';
        const d = deadlineRow(resolutionPolicy, resolutionDue, dState, closedAt);
        deadlines.push(d);
        // the ladder of a breached deadline is done (level 3); a running one waits for its warning
        if (dState === 'running') {
          dueWork.push({ id: newId(), kind: 'case.deadline.escalate', ref_id: d.id, dedupe_key: `deadline:${d.id}:g1:l1`, due_at: d.warn_at, payload: JSON.stringify({ deadlineId: d.id, caseId: id, level: 1, generation: 1 }), created_at: created, updated_at: created });
        }
      }
      // every row with every column: a missing one would be written as NULL on SQLite, not its default
      const event = (at: string, kind: string, fields: { action?: string; to?: string; note?: string; data?: unknown }) => ({
        id: newId(), case_id: id, at, actor_id: owner, actor_label: type === 'complaint' ? '质量工程师' : '坐席', kind,
        action: fields.action ?? null, from_state: null, to_state: fields.to ?? null, note: fields.note ?? null,
        data: fields.data ? JSON.stringify(fields.data) : null, visibility: 'internal',
      });
      events.push(event(created, 'created', { to: INITIAL[type], data: { channel: 'phone', match: 'given', ownerId: owner } }));
      events.push(event(new Date(createdMs + 3_600_000).toISOString(), 'action', { action: 'reply', note: '已电话联系客户' }));
      if (closedAt) events.push(event(closedAt, 'action', { action: 'close', to: state }));
      const audit = (at: string, action: string, after: unknown) => ({ id: newId(), at, actor_id: owner, actor_label: 'agent', entity: 'case', entity_id: id, action, before: null, after: JSON.stringify(after), request_id: null });
      audits.push(audit(created, 'create', { title }));
      if (closedAt) audits.push(audit(closedAt, 'close', { state }));
    }
    const hanging = history.rowsFor(batch);
    await db.transaction().execute(async (trx) => {
      await insertChunked(trx as any, 'cases', cases);
      await insertChunked(trx as any, 'repair_orders', orders);
      await insertChunked(trx as any, 'case_deadlines', deadlines);
      await insertChunked(trx as any, 'case_events', events);
      await insertChunked(trx as any, 'audit_log', audits);
      await insertChunked(trx as any, 'due_work', dueWork);
      await insertRows(trx as any, hanging);
    });
    if (options.log && (offset / BATCH) % 50 === 49) options.log(`  ${offset + BATCH} cases …`);
  }
  await db.transaction().execute(async (trx) => {
    await insertRows(trx as any, history.finalRows());
    for (const [key, value] of counters) {
      const [kind, year] = key.split('|');
      await trx.insertInto('counters').values({ kind, year: Number(year), value }).execute();
    }
  });
  if (handle.dialect === 'postgres') {
    // what autovacuum does on a live database: statistics and the visibility map
    await sql`vacuum analyze`.execute(db);
  } else {
    await sql`analyze`.execute(db);
  }
  return { cases: CASES, open, overdue, customers: CUSTOMERS, units: unitCount, seconds: (performance.now() - started) / 1000 };
}

