import { type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { escapeLike, likeEscape, likeOperator } from '../../db/dialect.js';
import type { StockMovementKind } from '../../db/types/parts.js';
import { type PageQuery, paginate } from '../../platform/pagination.js';

/**
 * Kysely queries of the stock ledger. Every change of a quantity is ONE conditional UPDATE whose
 * WHERE clause is the rule ("enough available"), so two requests can never both take the last unit;
 * 0 rows updated means the rule did not hold. The CHECK constraints of stock_levels are the backstop.
 */

/** A stock level right after a change (from RETURNING, so it is exactly what this command left). */
export interface LevelAfter {
  id: string;
  on_hand: number;
  reserved: number;
  min_quantity: number | null;
}

const afterColumns = ['id', 'on_hand', 'reserved', 'min_quantity'] as const;

function toLevelAfter(
  row: { id: string; on_hand: number; reserved: number; min_quantity: number | null } | undefined,
): LevelAfter | undefined {
  return row
    ? {
        id: row.id,
        on_hand: Number(row.on_hand),
        reserved: Number(row.reserved),
        min_quantity: row.min_quantity === null ? null : Number(row.min_quantity),
      }
    : undefined;
}

/** on_hand −= q, only while at least q is available (on hand and not reserved). */
export async function takeAvailable(db: DB, locationId: string, partId: string, quantity: number, now: string) {
  const row = await db
    .updateTable('stock_levels')
    .set((eb) => ({ on_hand: eb('on_hand', '-', quantity), updated_at: now }))
    .where('location_id', '=', locationId)
    .where('part_id', '=', partId)
    .where(sql<number>`on_hand - reserved`, '>=', quantity)
    .returning(afterColumns)
    .executeTakeFirst();
  return toLevelAfter(row);
}

/** on_hand += q, creating the level row on the first arrival of a part at a location. */
export async function putOnHand(db: DB, args: { id: string; locationId: string; partId: string; quantity: number; now: string }) {
  const row = await db
    .insertInto('stock_levels')
    .values({
      id: args.id,
      location_id: args.locationId,
      part_id: args.partId,
      on_hand: args.quantity,
      reserved: 0,
      min_quantity: null,
      version: 1,
      created_at: args.now,
      updated_at: args.now,
    })
    .onConflict((oc) =>
      oc.columns(['location_id', 'part_id']).doUpdateSet({
        on_hand: sql<number>`stock_levels.on_hand + excluded.on_hand`,
        updated_at: sql<string>`excluded.updated_at`,
      }),
    )
    .returning(afterColumns)
    .executeTakeFirstOrThrow();
  return toLevelAfter(row) as LevelAfter;
}

/** reserved += q, only while at least q is available. */
export async function holdAvailable(db: DB, locationId: string, partId: string, quantity: number, now: string) {
  const row = await db
    .updateTable('stock_levels')
    .set((eb) => ({ reserved: eb('reserved', '+', quantity), updated_at: now }))
    .where('location_id', '=', locationId)
    .where('part_id', '=', partId)
    .where(sql<number>`on_hand - reserved`, '>=', quantity)
    .returning(afterColumns)
    .executeTakeFirst();
  return toLevelAfter(row);
}

/** reserved −= q (a reservation let go). */
export async function dropReserved(db: DB, locationId: string, partId: string, quantity: number, now: string) {
  const row = await db
    .updateTable('stock_levels')
    .set((eb) => ({ reserved: eb('reserved', '-', quantity), updated_at: now }))
    .where('location_id', '=', locationId)
    .where('part_id', '=', partId)
    .where('reserved', '>=', quantity)
    .returning(afterColumns)
    .executeTakeFirst();
  return toLevelAfter(row);
}

/** on_hand −= q and reserved −= q: reserved units leave the location (issued from a reservation). */
export async function takeReserved(db: DB, locationId: string, partId: string, quantity: number, now: string) {
  const row = await db
    .updateTable('stock_levels')
    .set((eb) => ({ on_hand: eb('on_hand', '-', quantity), reserved: eb('reserved', '-', quantity), updated_at: now }))
    .where('location_id', '=', locationId)
    .where('part_id', '=', partId)
    .where('reserved', '>=', quantity)
    .where('on_hand', '>=', quantity)
    .returning(afterColumns)
    .executeTakeFirst();
  return toLevelAfter(row);
}

export async function levelQuantities(db: DB, locationId: string, partId: string) {
  const row = await db
    .selectFrom('stock_levels')
    .select(['id', 'on_hand', 'reserved', 'min_quantity', 'version'])
    .where('location_id', '=', locationId)
    .where('part_id', '=', partId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        on_hand: Number(row.on_hand),
        reserved: Number(row.reserved),
        min_quantity: row.min_quantity === null ? null : Number(row.min_quantity),
        version: Number(row.version),
      }
    : undefined;
}

export async function insertEmptyLevel(
  db: DB,
  args: { id: string; locationId: string; partId: string; minQuantity: number | null; now: string },
) {
  await db
    .insertInto('stock_levels')
    .values({
      id: args.id,
      location_id: args.locationId,
      part_id: args.partId,
      on_hand: 0,
      reserved: 0,
      min_quantity: args.minQuantity,
      version: 1,
      created_at: args.now,
      updated_at: args.now,
    })
    .execute();
}

export async function updateLevelMinimum(db: DB, id: string, expectedVersion: number, minQuantity: number | null, now: string) {
  const result = await db
    .updateTable('stock_levels')
    .set({ min_quantity: minQuantity, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- levels (read)

function levelQuery(db: DB) {
  return db
    .selectFrom('stock_levels')
    .innerJoin('spare_parts', 'spare_parts.id', 'stock_levels.part_id')
    .innerJoin('stock_locations', 'stock_locations.id', 'stock_levels.location_id')
    .select([
      'stock_levels.id',
      'stock_levels.location_id',
      'stock_levels.part_id',
      'stock_levels.on_hand',
      'stock_levels.reserved',
      'stock_levels.min_quantity',
      'stock_levels.version',
      'stock_levels.updated_at',
      'stock_locations.code as location_code',
      'stock_locations.name as location_name',
      'stock_locations.kind as location_kind',
      'spare_parts.code as part_code',
      'spare_parts.name as part_name',
      'spare_parts.specification',
      'spare_parts.unit_of_measure',
      'spare_parts.min_stock as part_min_stock',
    ]);
}

export type LevelRow = Awaited<ReturnType<ReturnType<typeof levelQuery>['execute']>>[number];

/** Available below the minimum in force (the SQL twin of stock.rules lowStockThreshold / isLow). */
const belowMinimum = sql<SqlBool>`(stock_levels.on_hand - stock_levels.reserved) < (case
  when stock_levels.min_quantity is not null then nullif(stock_levels.min_quantity, 0)
  when stock_locations.kind = 'warehouse' then nullif(spare_parts.min_stock, 0)
end)`;

export interface LevelFilter {
  locationId?: string;
  partId?: string;
  locationKind?: 'warehouse' | 'van';
  q?: string;
  lowOnly?: boolean;
  nonZero?: boolean;
}

function filteredLevels(db: DB, filter: LevelFilter) {
  let query = levelQuery(db).where('stock_locations.archived', '=', false);
  if (filter.locationId) query = query.where('stock_levels.location_id', '=', filter.locationId);
  if (filter.partId) query = query.where('stock_levels.part_id', '=', filter.partId);
  if (filter.locationKind) query = query.where('stock_locations.kind', '=', filter.locationKind);
  if (filter.lowOnly) query = query.where(belowMinimum);
  if (filter.nonZero) query = query.where('stock_levels.on_hand', '>', 0);
  if (filter.q) {
    const like = likeOperator(db);
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('spare_parts.code', like, sql<string>`${pattern}${likeEscape}`),
        eb('spare_parts.name', like, sql<string>`${pattern}${likeEscape}`),
      ]),
    );
  }
  return query;
}

export const levelSort = {
  fields: {
    partCode: 'spare_parts.code',
    partName: 'spare_parts.name',
    locationCode: 'stock_locations.code',
    onHand: 'stock_levels.on_hand',
    updatedAt: 'stock_levels.updated_at',
  },
  idColumn: 'stock_levels.id',
  defaultSort: 'partCode',
};

export async function listLevels(db: DB, filter: LevelFilter, page: PageQuery) {
  return paginate(filteredLevels(db, filter), levelSort, page);
}

export async function findLevel(db: DB, locationId: string, partId: string) {
  return levelQuery(db)
    .where('stock_levels.location_id', '=', locationId)
    .where('stock_levels.part_id', '=', partId)
    .executeTakeFirst();
}

export async function levelsByIds(db: DB, ids: readonly string[]) {
  if (!ids.length) return [];
  return levelQuery(db)
    .where('stock_levels.id', 'in', [...ids])
    .execute();
}

// ---------------------------------------------------------------- ledger

export interface MovementInsert {
  id: string;
  at: string;
  kind: StockMovementKind;
  partId: string;
  locationId: string;
  quantity: number;
  reservedDelta: number;
  onHandAfter: number;
  reservedAfter: number;
  reason: string | null;
  referenceType: string | null;
  referenceId: string | null;
  supplier: string | null;
  actorId: string | null;
  actorLabel: string;
  transferId: string | null;
  reservationId: string | null;
  requestId: string | null;
}

export async function insertMovement(db: DB, m: MovementInsert) {
  await db
    .insertInto('stock_movements')
    .values({
      id: m.id,
      at: m.at,
      kind: m.kind,
      part_id: m.partId,
      location_id: m.locationId,
      quantity: m.quantity,
      reserved_delta: m.reservedDelta,
      on_hand_after: m.onHandAfter,
      reserved_after: m.reservedAfter,
      reason: m.reason,
      reference_type: m.referenceType,
      reference_id: m.referenceId,
      supplier: m.supplier,
      actor_id: m.actorId,
      actor_label: m.actorLabel,
      transfer_id: m.transferId,
      reservation_id: m.reservationId,
      request_id: m.requestId,
      created_at: m.at,
    })
    .execute();
}

function movementQuery(db: DB) {
  return db
    .selectFrom('stock_movements')
    .innerJoin('spare_parts', 'spare_parts.id', 'stock_movements.part_id')
    .innerJoin('stock_locations', 'stock_locations.id', 'stock_movements.location_id')
    .leftJoin('users', 'users.id', 'stock_movements.actor_id')
    .select([
      'stock_movements.id',
      'stock_movements.at',
      'stock_movements.kind',
      'stock_movements.part_id',
      'stock_movements.location_id',
      'stock_movements.quantity',
      'stock_movements.reserved_delta',
      'stock_movements.on_hand_after',
      'stock_movements.reserved_after',
      'stock_movements.reason',
      'stock_movements.reference_type',
      'stock_movements.reference_id',
      'stock_movements.supplier',
      'stock_movements.actor_id',
      'stock_movements.actor_label',
      'stock_movements.transfer_id',
      'stock_movements.reservation_id',
      'spare_parts.code as part_code',
      'spare_parts.name as part_name',
      'spare_parts.unit_of_measure',
      'stock_locations.code as location_code',
      'stock_locations.name as location_name',
      'users.display_name as actor_name',
    ]);
}

export type MovementRow = Awaited<ReturnType<ReturnType<typeof movementQuery>['execute']>>[number];

export async function movementsByIds(db: DB, ids: readonly string[]) {
  if (!ids.length) return [];
  return movementQuery(db)
    .where('stock_movements.id', 'in', [...ids])
    .orderBy('stock_movements.id')
    .execute();
}

export async function listMovements(
  db: DB,
  filter: {
    partId?: string;
    locationId?: string;
    kind?: StockMovementKind;
    referenceType?: string;
    referenceId?: string;
    transferId?: string;
    from?: string;
    to?: string;
  },
  page: PageQuery,
) {
  let query = movementQuery(db);
  if (filter.partId) query = query.where('stock_movements.part_id', '=', filter.partId);
  if (filter.locationId) query = query.where('stock_movements.location_id', '=', filter.locationId);
  if (filter.kind) query = query.where('stock_movements.kind', '=', filter.kind);
  if (filter.referenceType) query = query.where('stock_movements.reference_type', '=', filter.referenceType);
  if (filter.referenceId) query = query.where('stock_movements.reference_id', '=', filter.referenceId);
  if (filter.transferId) query = query.where('stock_movements.transfer_id', '=', filter.transferId);
  if (filter.from) query = query.where('stock_movements.at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query = query.where('stock_movements.at', '<', new Date(filter.to).toISOString());
  return paginate(query, { fields: { at: 'stock_movements.at' }, idColumn: 'stock_movements.id', defaultSort: '-at' }, page);
}

/** Signed quantities of the issues and returns of one part for one reference. */
export async function issueAndReturnQuantities(db: DB, referenceType: string, referenceId: string, partId: string) {
  const rows = await db
    .selectFrom('stock_movements')
    .select('quantity')
    .where('reference_type', '=', referenceType)
    .where('reference_id', '=', referenceId)
    .where('part_id', '=', partId)
    .where('kind', 'in', ['issue', 'return'])
    .execute();
  return rows.map((r) => Number(r.quantity));
}

// ---------------------------------------------------------------- reservations

export async function insertReservation(
  db: DB,
  row: {
    id: string;
    partId: string;
    locationId: string;
    quantity: number;
    referenceType: string;
    referenceId: string;
    note: string | null;
    createdBy: string | null;
    now: string;
  },
) {
  await db
    .insertInto('stock_reservations')
    .values({
      id: row.id,
      part_id: row.partId,
      location_id: row.locationId,
      quantity: row.quantity,
      issued_quantity: 0,
      released_quantity: 0,
      reference_type: row.referenceType,
      reference_id: row.referenceId,
      state: 'active',
      note: row.note,
      created_by: row.createdBy,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export async function activeReservations(
  db: DB,
  filter: { referenceType: string; referenceId: string; partId?: string; locationId?: string },
) {
  let query = db
    .selectFrom('stock_reservations')
    .selectAll()
    .where('reference_type', '=', filter.referenceType)
    .where('reference_id', '=', filter.referenceId)
    .where('state', '=', 'active');
  if (filter.partId) query = query.where('part_id', '=', filter.partId);
  if (filter.locationId) query = query.where('location_id', '=', filter.locationId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findReservationRow(db: DB, id: string) {
  return db.selectFrom('stock_reservations').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ReservationTableRow = NonNullable<Awaited<ReturnType<typeof findReservationRow>>>;

/** Use q of a reservation, only while at least q of it is still held; it becomes 'issued' once nothing is left. */
export async function drawFromReservation(db: DB, id: string, quantity: number, now: string) {
  const result = await db
    .updateTable('stock_reservations')
    .set((eb) => ({
      issued_quantity: eb('issued_quantity', '+', quantity),
      state: sql<
        'active' | 'issued'
      >`case when issued_quantity + ${quantity} + released_quantity >= quantity then 'issued' else 'active' end`,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('state', '=', 'active')
    .where(sql<number>`quantity - issued_quantity - released_quantity`, '>=', quantity)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Let go of what a reservation still holds, based on the version that was read. */
export async function releaseReservationRow(
  db: DB,
  row: { id: string; version: number; releasedQuantity: number; state: 'issued' | 'released' },
  now: string,
) {
  const result = await db
    .updateTable('stock_reservations')
    .set({ released_quantity: row.releasedQuantity, state: row.state, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function reservationQuery(db: DB) {
  return db
    .selectFrom('stock_reservations')
    .innerJoin('spare_parts', 'spare_parts.id', 'stock_reservations.part_id')
    .innerJoin('stock_locations', 'stock_locations.id', 'stock_reservations.location_id')
    .selectAll('stock_reservations')
    .select([
      'spare_parts.code as part_code',
      'spare_parts.name as part_name',
      'stock_locations.code as location_code',
      'stock_locations.name as location_name',
    ]);
}

export type ReservationRow = Awaited<ReturnType<ReturnType<typeof reservationQuery>['execute']>>[number];

export async function reservationsByIds(db: DB, ids: readonly string[]) {
  if (!ids.length) return [];
  return reservationQuery(db)
    .where('stock_reservations.id', 'in', [...ids])
    .orderBy('stock_reservations.id')
    .execute();
}

export async function listReservations(
  db: DB,
  filter: {
    referenceType?: string;
    referenceId?: string;
    state?: 'active' | 'issued' | 'released';
    locationId?: string;
    partId?: string;
  },
  page: PageQuery,
) {
  let query = reservationQuery(db);
  if (filter.referenceType) query = query.where('stock_reservations.reference_type', '=', filter.referenceType);
  if (filter.referenceId) query = query.where('stock_reservations.reference_id', '=', filter.referenceId);
  if (filter.state) query = query.where('stock_reservations.state', '=', filter.state);
  if (filter.locationId) query = query.where('stock_reservations.location_id', '=', filter.locationId);
  if (filter.partId) query = query.where('stock_reservations.part_id', '=', filter.partId);
  return paginate(
    query,
    { fields: { createdAt: 'stock_reservations.created_at' }, idColumn: 'stock_reservations.id', defaultSort: '-createdAt' },
    page,
  );
}

// ---------------------------------------------------------------- alert recipients

/** Active users holding a role, with their e-mail (warehouse staff get the low-stock alerts). */
export async function activeUsersWithRole(db: DB, role: string) {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name'])
    .where('user_roles.role', '=', role)
    .where('users.status', '=', 'active')
    .orderBy('users.id')
    .execute();
}
