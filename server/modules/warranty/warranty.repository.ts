/** Kysely queries of the warranty module only; rules live in the services. */
import type { Insertable, Selectable } from 'kysely';
import { reusableQuery } from '../../db/compiled.js';
import type { DB } from '../../db/database.js';
import type {
  DefectivePartReturnsTable,
  RmaOrdersTable,
  RmaShipmentsTable,
  UnitReplacementsTable,
  WarrantyClaimsTable,
  WarrantyDecisionsTable,
  WarrantyRefundsTable,
} from '../../db/types/warranty.js';
import { type Page, type PageQuery, paginate } from '../../platform/pagination.js';

export type ClaimRow = Selectable<WarrantyClaimsTable>;
export type DecisionRow = Selectable<WarrantyDecisionsTable>;
export type RmaRow = Selectable<RmaOrdersTable>;
export type ShipmentRow = Selectable<RmaShipmentsTable>;
export type ReplacementRow = Selectable<UnitReplacementsTable>;
export type RefundRow = Selectable<WarrantyRefundsTable>;
export type DefectivePartRow = Selectable<DefectivePartReturnsTable>;

// ── units and products (read) ─────────────────────────────────────────────────────────────────

function unitQuery(db: DB) {
  return db
    .selectFrom('units')
    .innerJoin('products', 'products.id', 'units.product_id')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .select([
      'units.id',
      'units.serial_number',
      'units.product_id',
      'units.customer_id',
      'units.purchase_date',
      'units.order_id',
      'units.contract_number',
      'units.installation_address_id',
      'units.installation_address',
      'units.warranty_end_override',
      'units.warranty_override_reason',
      'units.warranty_end',
      'units.status',
      'units.replaced_by_unit_id',
      'units.version',
      'customers.name as customer_name',
      'products.model as product_model',
      'products.name as product_name',
      'products.specification as product_specification',
      'products.status as product_status',
      'products.default_warranty_months',
      'products.post_repair_warranty_days',
    ]);
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnit>>>;

/** compiled once (reusableQuery): read for every repair case opened and every entitlement shown */
const unitsById = reusableQuery('warranty.unit', (db, id: string) => unitQuery(db).where('units.id', '=', id));

export async function findUnit(db: DB, id: string) {
  return (await unitsById(db, id))[0];
}

export function unitsBySerial(db: DB, serial: string, model?: string) {
  let q = unitQuery(db).where('units.serial_number', '=', serial);
  if (model) q = q.where('products.model', '=', model);
  return q.orderBy('units.created_at').limit(20).execute();
}

const productColumns = [
  'id',
  'model',
  'name',
  'specification',
  'status',
  'default_warranty_months',
  'post_repair_warranty_days',
] as const;
export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProduct>>>;

export function findProduct(db: DB, id: string) {
  return db.selectFrom('products').select(productColumns).where('id', '=', id).executeTakeFirst();
}

export function productsByModel(db: DB, model: string) {
  return db.selectFrom('products').select(productColumns).where('model', '=', model).execute();
}

/** The post-repair warranty with the latest end among the repairs completed on or before `asOf`. */
/** compiled once (reusableQuery): read for every repair case opened with a unit */
const lastRepairsOfUnit = reusableQuery('warranty.lastRepair', (db, unitId: string, asOf: string, limit: number) =>
  db
    .selectFrom('unit_repairs')
    .innerJoin('cases', 'cases.id', 'unit_repairs.case_id')
    .select([
      'unit_repairs.case_id',
      'unit_repairs.completed_on',
      'unit_repairs.warranty_days',
      'unit_repairs.warranty_end',
      'cases.number as case_number',
    ])
    .where('unit_repairs.unit_id', '=', unitId)
    .where('unit_repairs.completed_on', '<=', asOf)
    .orderBy('unit_repairs.warranty_end', 'desc')
    .orderBy('unit_repairs.completed_on', 'desc')
    .limit(limit),
);

export async function lastRepairOfUnit(db: DB, unitId: string, asOf: string) {
  return (await lastRepairsOfUnit(db, unitId, asOf, 1))[0];
}

export function findUnitRepairOfCase(db: DB, caseId: string) {
  return db.selectFrom('unit_repairs').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertUnitRepair(
  db: DB,
  row: { id: string; unit_id: string; case_id: string; completed_on: string; warranty_days: number; warranty_end: string; created_at: string },
) {
  await db.insertInto('unit_repairs').values(row).execute();
}

export async function updateUnitRepair(
  db: DB,
  id: string,
  patch: { completed_on: string; warranty_days: number; warranty_end: string },
) {
  await db.updateTable('unit_repairs').set(patch).where('id', '=', id).execute();
}

/** Repairs completed on a unit (refund rule 1 evidence), oldest first. */
export function completedRepairsOfUnit(db: DB, unitId: string) {
  return db
    .selectFrom('unit_repairs')
    .innerJoin('cases', 'cases.id', 'unit_repairs.case_id')
    .select(['unit_repairs.completed_on', 'cases.number as case_number'])
    .where('unit_repairs.unit_id', '=', unitId)
    .orderBy('unit_repairs.completed_on')
    .execute();
}

/** Accepted replacements that gave the customer this unit (refund rule 1 evidence). */
export function acceptedReplacementsGiving(db: DB, unitId: string) {
  return db
    .selectFrom('unit_replacements')
    .innerJoin('cases', 'cases.id', 'unit_replacements.case_id')
    .select(['unit_replacements.accepted_at', 'cases.number as case_number'])
    .where('unit_replacements.new_unit_id', '=', unitId)
    .where('unit_replacements.state', '=', 'accepted')
    .execute();
}

/** The price paid for one item of the product on the order (the first line of that product). */
export function orderLinePrice(db: DB, orderId: string, productId: string) {
  return db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select(['order_lines.unit_price_fen', 'orders.customer_id', 'orders.id as order_id'])
    .where('order_lines.order_id', '=', orderId)
    .where('order_lines.product_id', '=', productId)
    .orderBy('order_lines.line_no')
    .limit(1)
    .executeTakeFirst();
}

export function findOrder(db: DB, id: string) {
  return db.selectFrom('orders').select(['id', 'customer_id']).where('id', '=', id).executeTakeFirst();
}

export function findCaseBrief(db: DB, id: string) {
  return db
    .selectFrom('cases')
    .innerJoin('case_types', 'case_types.code', 'cases.type')
    .select([
      'cases.id',
      'cases.number',
      'cases.type',
      'cases.state',
      'cases.unit_id',
      'cases.customer_id',
      'cases.product_id',
      'cases.resolved_at',
      'cases.closed_at',
      'case_types.workflow',
    ])
    .where('cases.id', '=', id)
    .executeTakeFirst();
}

export function userNames(db: DB, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return Promise.resolve([] as { id: string; display_name: string }[]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
}

/** The newest deadline of a metric on a case (any state). */
export function latestDeadline(db: DB, caseId: string, metric: string) {
  return db
    .selectFrom('case_deadlines')
    .select(['id', 'state', 'due_at', 'met_at', 'breached_at', 'started_at'])
    .where('case_id', '=', caseId)
    .where('metric', '=', metric)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ── settings ──────────────────────────────────────────────────────────────────────────────────

export function findSetting(db: DB, key: string) {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertSettingIfMissing(db: DB, key: string, value: unknown, version: number, now: string) {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), version, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateSettingVersioned(db: DB, key: string, expectedVersion: number, value: unknown, now: string) {
  const result = await db
    .updateTable('settings')
    .set({ value: JSON.stringify(value), version: expectedVersion + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ── claims and decisions ──────────────────────────────────────────────────────────────────────

export function findClaimByCase(db: DB, caseId: string) {
  return db.selectFrom('warranty_claims').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertClaim(db: DB, row: Insertable<WarrantyClaimsTable>) {
  await db.insertInto('warranty_claims').values(row).execute();
}

export async function insertDecision(db: DB, row: Insertable<WarrantyDecisionsTable>) {
  await db.insertInto('warranty_decisions').values(row).execute();
}

export async function supersedeDecisions(db: DB, caseId: string, at: string) {
  await db
    .updateTable('warranty_decisions')
    .set({ superseded_at: at })
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .execute();
}

export function decisionsOf(db: DB, caseId: string) {
  return db
    .selectFrom('warranty_decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
}

// ── RMA ───────────────────────────────────────────────────────────────────────────────────────

export async function insertRma(db: DB, row: Insertable<RmaOrdersTable>) {
  await db.insertInto('rma_orders').values(row).execute();
}

export function findRma(db: DB, id: string) {
  return db.selectFrom('rma_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function rmasOfCase(db: DB, caseId: string) {
  return db.selectFrom('rma_orders').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export interface RmaFilter {
  state?: string;
  caseId?: string;
  overdueAt?: string;
}

export function listRmas(db: DB, filter: RmaFilter, page: PageQuery): Promise<Page<RmaRow>> {
  let q = db.selectFrom('rma_orders').selectAll('rma_orders');
  if (filter.state) q = q.where('rma_orders.state', '=', filter.state as RmaRow['state']);
  if (filter.caseId) q = q.where('rma_orders.case_id', '=', filter.caseId);
  if (filter.overdueAt) {
    const now = filter.overdueAt;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_deadlines')
          .select('case_deadlines.id')
          .whereRef('case_deadlines.case_id', '=', 'rma_orders.case_id')
          .where('case_deadlines.metric', '=', 'ship_back')
          .where((e) =>
            e.or([
              e('case_deadlines.state', '=', 'breached'),
              e.and([e('case_deadlines.state', '=', 'running'), e('case_deadlines.due_at', '<', now)]),
            ]),
          ),
      ),
    );
    q = q.where('rma_orders.state', 'in', ['received_by_factory', 'repaired_at_factory']);
  }
  return paginate(
    q,
    {
      fields: { createdAt: 'rma_orders.created_at', number: 'rma_orders.number', state: 'rma_orders.state' },
      idColumn: 'rma_orders.id',
      defaultSort: '-createdAt',
    },
    page,
  ) as Promise<Page<RmaRow>>;
}

export async function insertShipment(db: DB, row: Insertable<RmaShipmentsTable>) {
  await db.insertInto('rma_shipments').values(row).execute();
}

export async function markShipmentReceived(db: DB, rmaId: string, direction: 'outbound' | 'return', at: string) {
  await db
    .updateTable('rma_shipments')
    .set({ received_at: at })
    .where('rma_id', '=', rmaId)
    .where('direction', '=', direction)
    .execute();
}

export function shipmentsOf(db: DB, rmaIds: string[]) {
  if (rmaIds.length === 0) return Promise.resolve([] as ShipmentRow[]);
  return db.selectFrom('rma_shipments').selectAll().where('rma_id', 'in', rmaIds).orderBy('shipped_at').execute();
}

export function caseNumbers(db: DB, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return Promise.resolve([] as { id: string; number: string }[]);
  return db.selectFrom('cases').select(['id', 'number']).where('id', 'in', wanted).execute();
}

export function unitSerials(db: DB, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return Promise.resolve([] as { id: string; serial_number: string }[]);
  return db.selectFrom('units').select(['id', 'serial_number']).where('id', 'in', wanted).execute();
}

export function shipBackDeadlines(db: DB, caseIds: string[]) {
  const wanted = [...new Set(caseIds)];
  if (wanted.length === 0) return Promise.resolve([] as { case_id: string; due_at: string | null; met_at: string | null; state: string; created_at: string }[]);
  return db
    .selectFrom('case_deadlines')
    .select(['case_id', 'due_at', 'met_at', 'state', 'created_at'])
    .where('case_id', 'in', wanted)
    .where('metric', '=', 'ship_back')
    .orderBy('created_at')
    .execute();
}

// ── replacements and refunds ──────────────────────────────────────────────────────────────────

export async function insertReplacement(db: DB, row: Insertable<UnitReplacementsTable>) {
  await db.insertInto('unit_replacements').values(row).execute();
}

export function findReplacement(db: DB, id: string) {
  return db.selectFrom('unit_replacements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function replacementsOfCase(db: DB, caseId: string) {
  return db
    .selectFrom('unit_replacements')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertRefund(db: DB, row: Insertable<WarrantyRefundsTable>) {
  await db.insertInto('warranty_refunds').values(row).execute();
}

export function findRefund(db: DB, id: string) {
  return db.selectFrom('warranty_refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function refundsOfCase(db: DB, caseId: string) {
  return db.selectFrom('warranty_refunds').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

// ── defective parts ───────────────────────────────────────────────────────────────────────────

export async function insertDefectivePart(db: DB, row: Insertable<DefectivePartReturnsTable>) {
  await db.insertInto('defective_part_returns').values(row).execute();
}

function defectivePartQuery(db: DB) {
  return db
    .selectFrom('defective_part_returns as d')
    .innerJoin('cases', 'cases.id', 'd.case_id')
    .leftJoin('units', 'units.id', 'd.unit_id')
    .leftJoin('products', 'products.id', 'd.product_id')
    .leftJoin('spare_parts', 'spare_parts.id', 'd.part_id')
    .selectAll('d')
    .select([
      'cases.number as case_number',
      'units.serial_number as unit_serial_number',
      'products.model as product_model',
      'spare_parts.code as part_code',
    ]);
}
export type DefectivePartDetailRow = Awaited<ReturnType<typeof findDefectivePart>> & {};

export function findDefectivePart(db: DB, id: string) {
  return defectivePartQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export function defectivePartsOfCase(db: DB, caseId: string) {
  return defectivePartQuery(db).where('d.case_id', '=', caseId).orderBy('d.received_at').orderBy('d.id').execute();
}

export interface DefectivePartFilter {
  productId?: string;
  caseId?: string;
  partId?: string;
  disposition?: string;
  analysed?: boolean;
  /** instants (UTC ISO) bounding received_at: [fromAt, toAt) */
  fromAt?: string;
  toAt?: string;
}

export function listDefectiveParts(db: DB, filter: DefectivePartFilter, page: PageQuery) {
  let q = defectivePartQuery(db);
  if (filter.productId) q = q.where('d.product_id', '=', filter.productId);
  if (filter.caseId) q = q.where('d.case_id', '=', filter.caseId);
  if (filter.partId) q = q.where('d.part_id', '=', filter.partId);
  if (filter.disposition) q = q.where('d.disposition', '=', filter.disposition as DefectivePartRow['disposition']);
  if (filter.analysed === true) q = q.where('d.analysed_at', 'is not', null);
  if (filter.analysed === false) q = q.where('d.analysed_at', 'is', null);
  if (filter.fromAt) q = q.where('d.received_at', '>=', filter.fromAt);
  if (filter.toAt) q = q.where('d.received_at', '<', filter.toAt);
  return paginate(
    q,
    { fields: { receivedAt: 'd.received_at', createdAt: 'd.created_at' }, idColumn: 'd.id', defaultSort: '-receivedAt' },
    page,
  );
}

export function findSparePart(db: DB, id: string) {
  return db.selectFrom('spare_parts').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}
