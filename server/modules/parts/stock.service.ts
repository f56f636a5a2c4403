import type {
  AdjustStockRequest,
  LowStockQuery,
  ReceiveStockRequest,
  SetStockMinimumRequest,
  StockCommandResult,
  StockLevel,
  StockLevelListQuery,
  StockLine,
  StockMovement,
  StockMovementListQuery,
  StockReference,
  StockReservation,
  StockReservationListQuery,
  TransferStockRequest,
} from '../../../contracts/parts.js';
import type { StockMovementKind } from '../../db/types/parts.js';
import { lockBusinessKeys } from '../../db/locks.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  VersionConflictError,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueMessage } from '../../platform/outbox.js';
import type { Page } from '../../platform/pagination.js';
import { type Actor, assertCan, can } from '../../platform/permissions.js';
import { presentLevel, presentMovement, presentReservation } from './parts.presenter.js';
import * as partsRepo from './parts.repository.js';
import { stockLevelsWorkbook } from './stock.export.js';
import * as repo from './stock.repository.js';
import {
  availableOf,
  companyDay,
  lowStockDedupeKey,
  lowStockThreshold,
  mergeLines,
  planIssueFromReservations,
  reservationState,
  returnableQuantity,
  shouldAlertLowStock,
} from './stock.rules.js';

/**
 * Stock (库存) and its ledger (出入库记录), R-PRT-1, R-PRT-2, R-PRT-4.
 *
 * Every command runs in one transaction and, per part and location it touches, does one conditional
 * UPDATE (the rule is in its WHERE clause), appends one ledger row and one audit row. A decrement that
 * updates no row is "insufficient stock" (409 insufficient_stock, with what is available). A movement
 * that leaves a location below its minimum enqueues a low-stock alert to the warehouse staff.
 *
 * For other modules (repairs records parts on a work order) — they pass their own transaction context
 * so their command and the stock movement commit or fail together:
 *   reserveParts(tx, { reference, lines })
 *   issueParts(tx, { reference, lines, fromReservation? })
 *   returnParts(tx, { reference, lines })
 *   releaseReservations(tx, reference)
 *
 * A returned defective part (三包件, R-WAR-6) is NOT stock and never comes back through returnParts:
 * the warranty module records it (hook: it may call issueParts for the replacement part it fits).
 */

export type { StockCommandResult, StockLine, StockReference };

/** Run `work` in the caller's transaction when there is one, else in a new one. */
function runInTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.isTransaction ? work(ctx) : inTransaction(ctx, work);
}

function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.displayName || actor.username : actor.displayName;
}

// ---------------------------------------------------------------- command state

type PartInfo = partsRepo.BarePartRow;
type LocationInfo = partsRepo.BareLocationRow;

/** What one command has loaded and written so far. */
interface Command {
  tx: ServiceContext;
  now: string;
  parts: Map<string, PartInfo>;
  locations: Map<string, LocationInfo>;
  movementIds: string[];
  levelIds: Set<string>;
  reservationIds: Set<string>;
}

function startCommand(tx: ServiceContext): Command {
  return {
    tx,
    now: tx.clock.now().toISOString(),
    parts: new Map(),
    locations: new Map(),
    movementIds: [],
    levelIds: new Set(),
    reservationIds: new Set(),
  };
}

function invalidReference(path: (string | number)[], message: string): BusinessRuleError {
  return new BusinessRuleError('invalid_reference', message, [{ path, message }]);
}

/** Load the parts named by the lines; an unknown one is a 422 on its line. */
async function loadParts(cmd: Command, refs: { partId: string; path: (string | number)[] }[]) {
  const missing = refs.filter((r) => !cmd.parts.has(r.partId));
  for (const row of await partsRepo.partsByIds(cmd.tx.db, [...new Set(missing.map((r) => r.partId))])) cmd.parts.set(row.id, row);
  for (const ref of refs) if (!cmd.parts.has(ref.partId)) throw invalidReference(ref.path, 'spare part does not exist');
}

async function loadLocations(cmd: Command, refs: { locationId: string; path: (string | number)[] }[]) {
  const missing = refs.filter((r) => !cmd.locations.has(r.locationId));
  for (const row of await partsRepo.locationsByIds(cmd.tx.db, [...new Set(missing.map((r) => r.locationId))])) {
    cmd.locations.set(row.id, row);
  }
  for (const ref of refs) {
    const location = cmd.locations.get(ref.locationId);
    if (!location) throw invalidReference(ref.path, 'stock location does not exist');
    if (location.archived) {
      throw new BusinessRuleError('location_archived', `stock location ${location.code} is archived`, [
        { path: ref.path, message: 'location is archived' },
      ]);
    }
  }
}

const part = (cmd: Command, id: string) => cmd.parts.get(id) as PartInfo;
const location = (cmd: Command, id: string) => cmd.locations.get(id) as LocationInfo;

/**
 * Per-record rule for using stock on a job (reserve, issue, return, release): warehouse staff may
 * use any location; a technician only his own van.
 */
function assertMayUseStockAt(actor: Actor, loc: LocationInfo, path: (string | number)[]) {
  assertCan(actor, 'parts.issue');
  if (can(actor, 'parts.write')) return;
  if (loc.kind === 'van' && actor.id !== null && loc.technician_user_id === actor.id) return;
  throw new ForbiddenError('只能使用自己车载库的备件 (only your own van)', {
    permission: 'parts.issue',
    locationId: loc.id,
    path,
  });
}

async function insufficient(
  cmd: Command,
  line: { partId: string; locationId: string; quantity: number },
  path: (string | number)[],
) {
  const level = await repo.levelQuantities(cmd.tx.db, line.locationId, line.partId);
  const p = part(cmd, line.partId);
  const l = location(cmd, line.locationId);
  const available = level ? availableOf({ onHand: level.on_hand, reserved: level.reserved }) : 0;
  return new ConflictError(
    'insufficient_stock',
    `库存不足: ${p.code} ${p.name} @ ${l.code} — requested ${line.quantity}, available ${available}`,
    {
      path,
      partId: p.id,
      partCode: p.code,
      locationId: l.id,
      locationCode: l.code,
      requested: line.quantity,
      available,
      onHand: level?.on_hand ?? 0,
      reserved: level?.reserved ?? 0,
    },
  );
}

interface MovementDraft {
  kind: StockMovementKind;
  partId: string;
  locationId: string;
  /** signed change of on hand */
  quantity: number;
  /** signed change of reserved */
  reservedDelta: number;
  after: repo.LevelAfter;
  reason?: string | null;
  reference?: StockReference | null;
  supplier?: string | null;
  transferId?: string | null;
  reservationId?: string | null;
}

/** Append the ledger row and its audit row; alert the warehouse when availability fell below the minimum. */
async function record(cmd: Command, draft: MovementDraft) {
  const { tx } = cmd;
  const id = newId();
  await repo.insertMovement(tx.db, {
    id,
    at: cmd.now,
    kind: draft.kind,
    partId: draft.partId,
    locationId: draft.locationId,
    quantity: draft.quantity,
    reservedDelta: draft.reservedDelta,
    onHandAfter: draft.after.on_hand,
    reservedAfter: draft.after.reserved,
    reason: draft.reason ?? null,
    referenceType: draft.reference?.type ?? null,
    referenceId: draft.reference?.id ?? null,
    supplier: draft.supplier ?? null,
    actorId: tx.actor.id,
    actorLabel: actorLabel(tx.actor),
    transferId: draft.transferId ?? null,
    reservationId: draft.reservationId ?? null,
    requestId: tx.requestId,
  });
  await recordAudit(tx, {
    entity: 'stock_movement',
    entityId: id,
    action: draft.kind,
    after: {
      partId: draft.partId,
      locationId: draft.locationId,
      quantity: draft.quantity,
      reservedDelta: draft.reservedDelta,
      onHandAfter: draft.after.on_hand,
      reservedAfter: draft.after.reserved,
      reason: draft.reason ?? null,
      reference: draft.reference ?? null,
      supplier: draft.supplier ?? null,
      transferId: draft.transferId ?? null,
      reservationId: draft.reservationId ?? null,
    },
  });
  cmd.movementIds.push(id);
  cmd.levelIds.add(draft.after.id);
  if (draft.reservationId) cmd.reservationIds.add(draft.reservationId);

  const p = part(cmd, draft.partId);
  const l = location(cmd, draft.locationId);
  const available = availableOf({ onHand: draft.after.on_hand, reserved: draft.after.reserved });
  const threshold = lowStockThreshold({
    locationMin: draft.after.min_quantity,
    partMin: Number(p.min_stock),
    locationKind: l.kind,
  });
  if (shouldAlertLowStock(available, draft.quantity - draft.reservedDelta, threshold)) {
    await alertLowStock(cmd, p, l, available, threshold as number, draft.after.id);
  }
}

/**
 * R-PRT-4: one in-app message (and one e-mail when the user has an address) to each warehouse user
 * (administrators when there is none), at most once per part, location and company day.
 */
async function alertLowStock(cmd: Command, p: PartInfo, l: LocationInfo, available: number, threshold: number, levelId: string) {
  const { tx } = cmd;
  const day = companyDay(tx.clock.now(), tx.config.companyTimeZone);
  let recipients = await repo.activeUsersWithRole(tx.db, 'warehouse');
  if (!recipients.length) recipients = await repo.activeUsersWithRole(tx.db, 'admin');
  const subject = `库存不足提醒：${p.code} ${p.name}（${l.name}）`;
  const body =
    `备件 ${p.code} ${p.name} 在 ${l.name}（${l.code}）的可用库存为 ${available} ${p.unit_of_measure}，` +
    `低于最低库存 ${threshold} ${p.unit_of_measure}，请及时补货。\n` +
    `Low stock: part ${p.code} at ${l.code} has ${available} available, below the minimum of ${threshold}.`;
  for (const user of recipients) {
    await enqueueMessage(tx, {
      channel: 'in_app',
      recipient: user.id,
      subject,
      body,
      templateKey: 'parts.low_stock',
      related: { entity: 'stock_level', id: levelId },
      dedupeKey: lowStockDedupeKey(p.id, l.id, day, 'in_app', user.id),
    });
    if (user.email) {
      await enqueueMessage(tx, {
        channel: 'email',
        recipient: user.email,
        subject,
        body,
        templateKey: 'parts.low_stock',
        related: { entity: 'stock_level', id: levelId },
        dedupeKey: lowStockDedupeKey(p.id, l.id, day, 'email', user.email),
      });
    }
  }
}

async function finish(cmd: Command): Promise<StockCommandResult> {
  const db = cmd.tx.db;
  const movements = (await repo.movementsByIds(db, cmd.movementIds)).map(presentMovement);
  const order = new Map(cmd.movementIds.map((id, i) => [id, i]));
  movements.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return {
    movements,
    levels: (await repo.levelsByIds(db, [...cmd.levelIds])).map(presentLevel),
    reservations: (await repo.reservationsByIds(db, [...cmd.reservationIds])).map(presentReservation),
  };
}

const linePath = (index: number, field: string) => ['body', 'lines', index, field];

// ---------------------------------------------------------------- receive (入库)

export async function receiveStock(ctx: ServiceContext, input: ReceiveStockRequest): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.write');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await loadLocations(cmd, [{ locationId: input.locationId, path: ['body', 'locationId'] }]);
    await loadParts(
      cmd,
      input.lines.map((l, i) => ({ partId: l.partId, path: linePath(i, 'partId') })),
    );
    const lines = mergeLines(input.lines.map((l) => ({ ...l, locationId: input.locationId })));
    for (const line of lines) {
      if (part(cmd, line.partId).status === 'discontinued') {
        throw new BusinessRuleError(
          'part_discontinued',
          `part ${part(cmd, line.partId).code} is discontinued and takes no new stock`,
          [{ path: linePath(line.index, 'partId'), message: 'part is discontinued' }],
        );
      }
    }
    for (const line of lines) {
      const after = await repo.putOnHand(tx.db, {
        id: newId(),
        locationId: line.locationId,
        partId: line.partId,
        quantity: line.quantity,
        now: cmd.now,
      });
      await record(cmd, {
        kind: 'receive',
        partId: line.partId,
        locationId: line.locationId,
        quantity: line.quantity,
        reservedDelta: 0,
        after,
        reason: input.reason,
        supplier: input.supplier,
        reference: input.reference,
      });
    }
    return finish(cmd);
  });
}

// ---------------------------------------------------------------- transfer (调拨)

/**
 * Both halves in one transaction, linked by transfer_id; if any line lacks stock nothing moves.
 * Rows are changed in (location, part) order whatever the direction, so two opposite transfers
 * running at once cannot deadlock.
 */
export async function transferStock(ctx: ServiceContext, input: TransferStockRequest): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.write');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await loadLocations(cmd, [
      { locationId: input.fromLocationId, path: ['body', 'fromLocationId'] },
      { locationId: input.toLocationId, path: ['body', 'toLocationId'] },
    ]);
    await loadParts(
      cmd,
      input.lines.map((l, i) => ({ partId: l.partId, path: linePath(i, 'partId') })),
    );
    const transferId = newId();
    const lines = mergeLines(input.lines.map((l) => ({ ...l, locationId: input.fromLocationId })));
    const steps = lines.flatMap((line) => [
      { line, locationId: input.fromLocationId, out: true },
      { line, locationId: input.toLocationId, out: false },
    ]);
    steps.sort((a, b) =>
      a.locationId === b.locationId ? compare(a.line.partId, b.line.partId) : compare(a.locationId, b.locationId),
    );
    for (const step of steps) {
      const { line } = step;
      if (step.out) {
        const after = await repo.takeAvailable(tx.db, input.fromLocationId, line.partId, line.quantity, cmd.now);
        if (!after) throw await insufficient(cmd, line, linePath(line.index, 'quantity'));
        await record(cmd, {
          kind: 'transfer_out',
          partId: line.partId,
          locationId: input.fromLocationId,
          quantity: -line.quantity,
          reservedDelta: 0,
          after,
          reason: input.reason,
          transferId,
        });
      } else {
        const after = await repo.putOnHand(tx.db, {
          id: newId(),
          locationId: input.toLocationId,
          partId: line.partId,
          quantity: line.quantity,
          now: cmd.now,
        });
        await record(cmd, {
          kind: 'transfer_in',
          partId: line.partId,
          locationId: input.toLocationId,
          quantity: line.quantity,
          reservedDelta: 0,
          after,
          reason: input.reason,
          transferId,
        });
      }
    }
    return finish(cmd);
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- adjust (库存调整)

/** Correct on hand by a signed quantity with a reason (warehouse, admin). Cannot go below what is reserved. */
export async function adjustStock(ctx: ServiceContext, input: AdjustStockRequest): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.adjust');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await loadLocations(cmd, [{ locationId: input.locationId, path: ['body', 'locationId'] }]);
    await loadParts(cmd, [{ partId: input.partId, path: ['body', 'partId'] }]);
    const line = { partId: input.partId, locationId: input.locationId, quantity: Math.abs(input.quantity) };
    const after =
      input.quantity > 0
        ? await repo.putOnHand(tx.db, { id: newId(), ...line, now: cmd.now })
        : await repo.takeAvailable(tx.db, line.locationId, line.partId, line.quantity, cmd.now);
    if (!after) throw await insufficient(cmd, line, ['body', 'quantity']);
    await record(cmd, {
      kind: 'adjust',
      partId: input.partId,
      locationId: input.locationId,
      quantity: input.quantity,
      reservedDelta: 0,
      after,
      reason: input.reason,
    });
    return finish(cmd);
  });
}

// ---------------------------------------------------------------- reserve (预留)

export interface ReservePartsInput {
  reference: StockReference;
  lines: StockLine[];
  note?: string | null;
}

/** Hold parts for an appointment or case (R-PRT-2): one reservation per part and location. */
export async function reserveParts(ctx: ServiceContext, input: ReservePartsInput): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.issue');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await prepareJobLines(cmd, input.lines);
    for (const line of mergeLines(input.lines)) {
      const after = await repo.holdAvailable(tx.db, line.locationId, line.partId, line.quantity, cmd.now);
      if (!after) throw await insufficient(cmd, line, linePath(line.index, 'quantity'));
      const reservationId = newId();
      await repo.insertReservation(tx.db, {
        id: reservationId,
        partId: line.partId,
        locationId: line.locationId,
        quantity: line.quantity,
        referenceType: input.reference.type,
        referenceId: input.reference.id,
        note: input.note || null,
        createdBy: tx.actor.id,
        now: cmd.now,
      });
      await recordAudit(tx, {
        entity: 'stock_reservation',
        entityId: reservationId,
        action: 'create',
        after: {
          partId: line.partId,
          locationId: line.locationId,
          quantity: line.quantity,
          reference: input.reference,
          state: 'active',
        },
      });
      await record(cmd, {
        kind: 'reserve',
        partId: line.partId,
        locationId: line.locationId,
        quantity: 0,
        reservedDelta: line.quantity,
        after,
        reason: input.note,
        reference: input.reference,
        reservationId,
      });
    }
    return finish(cmd);
  });
}

/** Lines touching stock for a job: parts and locations exist, locations are usable by this actor. */
async function prepareJobLines(cmd: Command, lines: readonly StockLine[]) {
  await loadLocations(
    cmd,
    lines.map((l, i) => ({ locationId: l.locationId, path: linePath(i, 'locationId') })),
  );
  for (const [i, l] of lines.entries()) assertMayUseStockAt(cmd.tx.actor, location(cmd, l.locationId), linePath(i, 'locationId'));
  await loadParts(
    cmd,
    lines.map((l, i) => ({ partId: l.partId, path: linePath(i, 'partId') })),
  );
}

// ---------------------------------------------------------------- release (取消预留)

async function releaseRows(cmd: Command, rows: repo.ReservationTableRow[], options: { checkActor: boolean } = { checkActor: true }) {
  const { tx } = cmd;
  // (an archived location holds nothing, so it has no active reservation either)
  await loadLocations(
    cmd,
    rows.map((r) => ({ locationId: r.location_id, path: ['body'] })),
  );
  if (options.checkActor) for (const r of rows) assertMayUseStockAt(tx.actor, location(cmd, r.location_id), ['body']);
  await loadParts(
    cmd,
    rows.map((r) => ({ partId: r.part_id, path: ['body'] })),
  );
  const ordered = [...rows].sort((a, b) =>
    a.location_id === b.location_id ? compare(a.part_id, b.part_id) : compare(a.location_id, b.location_id),
  );
  for (const r of ordered) {
    const quantity = Number(r.quantity);
    const issued = Number(r.issued_quantity);
    const remaining = quantity - issued - Number(r.released_quantity);
    if (remaining <= 0) continue;
    const released = Number(r.released_quantity) + remaining;
    const state = reservationState({ quantity, issued, released }) as 'issued' | 'released';
    const ok = await repo.releaseReservationRow(
      tx.db,
      { id: r.id, version: Number(r.version), releasedQuantity: released, state },
      cmd.now,
    );
    if (!ok) throw new VersionConflictError('stock_reservation', r.id);
    const after = await repo.dropReserved(tx.db, r.location_id, r.part_id, remaining, cmd.now);
    if (!after)
      throw new ConflictError('reservation_mismatch', 'the stock level holds less than the reservation; reload and try again');
    await recordAudit(tx, {
      entity: 'stock_reservation',
      entityId: r.id,
      action: 'release',
      before: { state: 'active', releasedQuantity: Number(r.released_quantity) },
      after: { state, releasedQuantity: released },
    });
    await record(cmd, {
      kind: 'release',
      partId: r.part_id,
      locationId: r.location_id,
      quantity: 0,
      reservedDelta: -remaining,
      after,
      reference: { type: r.reference_type as StockReference['type'], id: r.reference_id },
      reservationId: r.id,
    });
  }
}

/** Let go of every active reservation of a reference (the appointment was cancelled or finished). */
export async function releaseReservations(ctx: ServiceContext, reference: StockReference): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.issue');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await releaseRows(cmd, await repo.activeReservations(tx.db, { referenceType: reference.type, referenceId: reference.id }));
    return finish(cmd);
  });
}

/**
 * The same, as part of another command the actor is already allowed to take (closing or
 * cancelling a repair lets go of what was held for it, whoever closes it).
 */
export async function releaseReservationsOf(ctx: ServiceContext, reference: StockReference): Promise<void> {
  const rows = await repo.activeReservations(ctx.db, { referenceType: reference.type, referenceId: reference.id });
  if (rows.length === 0) return;
  const cmd = startCommand(ctx);
  await releaseRows(cmd, rows, { checkActor: false });
}

/** Let go of one reservation. */
export async function releaseReservation(ctx: ServiceContext, reservationId: string): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.issue');
  return runInTransaction(ctx, async (tx) => {
    const row = await repo.findReservationRow(tx.db, reservationId);
    if (!row) throw new NotFoundError('stock_reservation', reservationId);
    if (row.state !== 'active') throw new IllegalTransitionError(row.state, 'release', []);
    const cmd = startCommand(tx);
    await releaseRows(cmd, [row]);
    return finish(cmd);
  });
}

// ---------------------------------------------------------------- issue (领用出库)

export interface IssuePartsInput {
  reference: StockReference;
  lines: StockLine[];
  /** reservations held under this reference are used first (default: `reference` itself) */
  fromReservation?: StockReference | null;
  note?: string | null;
}

/**
 * Parts used on a case or work order. Each line first uses what is reserved for it (oldest
 * reservation first), the rest comes from available stock with one conditional UPDATE.
 */
export async function issueParts(ctx: ServiceContext, input: IssuePartsInput): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.issue');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await prepareJobLines(cmd, input.lines);
    const held = input.fromReservation ?? input.reference;
    for (const line of mergeLines(input.lines)) {
      const reservations = await repo.activeReservations(tx.db, {
        referenceType: held.type,
        referenceId: held.id,
        partId: line.partId,
        locationId: line.locationId,
      });
      const plan = planIssueFromReservations(
        reservations.map((r) => ({
          id: r.id,
          remaining: Number(r.quantity) - Number(r.issued_quantity) - Number(r.released_quantity),
        })),
        line.quantity,
      );
      for (const use of plan.fromReservations) {
        if (!(await repo.drawFromReservation(tx.db, use.id, use.quantity, cmd.now))) {
          throw new ConflictError(
            'reservation_changed',
            'a reservation was used or released by someone else; reload and try again',
            {
              reservationId: use.id,
            },
          );
        }
        const after = await repo.takeReserved(tx.db, line.locationId, line.partId, use.quantity, cmd.now);
        if (!after) throw await insufficient(cmd, { ...line, quantity: use.quantity }, linePath(line.index, 'quantity'));
        await recordAudit(tx, {
          entity: 'stock_reservation',
          entityId: use.id,
          action: 'issue',
          after: { issuedQuantity: use.quantity, reference: input.reference },
        });
        await record(cmd, {
          kind: 'issue',
          partId: line.partId,
          locationId: line.locationId,
          quantity: -use.quantity,
          reservedDelta: -use.quantity,
          after,
          reason: input.note,
          reference: input.reference,
          reservationId: use.id,
        });
      }
      if (plan.fromAvailable > 0) {
        const after = await repo.takeAvailable(tx.db, line.locationId, line.partId, plan.fromAvailable, cmd.now);
        if (!after) throw await insufficient(cmd, { ...line, quantity: plan.fromAvailable }, linePath(line.index, 'quantity'));
        await record(cmd, {
          kind: 'issue',
          partId: line.partId,
          locationId: line.locationId,
          quantity: -plan.fromAvailable,
          reservedDelta: 0,
          after,
          reason: input.note,
          reference: input.reference,
        });
      }
    }
    return finish(cmd);
  });
}

// ---------------------------------------------------------------- return (退回)

export interface ReturnPartsInput {
  reference: StockReference;
  lines: StockLine[];
  reason?: string | null;
}

/**
 * Unused parts issued to a reference come back to a location — never more of a part than was issued
 * to that reference and not yet returned. Defective parts (三包件) are not stock: see the module note.
 */
export async function returnParts(ctx: ServiceContext, input: ReturnPartsInput): Promise<StockCommandResult> {
  assertCan(ctx.actor, 'parts.issue');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await prepareJobLines(cmd, input.lines);
    const lines = mergeLines(input.lines);
    const requestedByPart = new Map<string, { quantity: number; index: number }>();
    for (const line of lines) {
      const entry = requestedByPart.get(line.partId) ?? { quantity: 0, index: line.index };
      entry.quantity += line.quantity;
      entry.index = Math.min(entry.index, line.index);
      requestedByPart.set(line.partId, entry);
    }
    // two returns to the same reference at once must not both pass the check (PostgreSQL, read committed)
    await lockBusinessKeys(
      tx.db,
      [...requestedByPart.keys()].map((partId) => `stock-return:${input.reference.type}:${input.reference.id}:${partId}`),
    );
    for (const [partId, requested] of requestedByPart) {
      const returnable = returnableQuantity(
        await repo.issueAndReturnQuantities(tx.db, input.reference.type, input.reference.id, partId),
      );
      if (requested.quantity > returnable) {
        const p = part(cmd, partId);
        throw new BusinessRuleError(
          'return_exceeds_issued',
          `only ${returnable} of ${p.code} were issued to this reference and not yet returned`,
          {
            path: linePath(requested.index, 'quantity'),
            partId,
            partCode: p.code,
            requested: requested.quantity,
            returnable,
          },
        );
      }
    }
    for (const line of lines) {
      const after = await repo.putOnHand(tx.db, {
        id: newId(),
        locationId: line.locationId,
        partId: line.partId,
        quantity: line.quantity,
        now: cmd.now,
      });
      await record(cmd, {
        kind: 'return',
        partId: line.partId,
        locationId: line.locationId,
        quantity: line.quantity,
        reservedDelta: 0,
        after,
        reason: input.reason,
        reference: input.reference,
      });
    }
    return finish(cmd);
  });
}

// ---------------------------------------------------------------- reads

export async function listStockLevels(ctx: ServiceContext, query: StockLevelListQuery): Promise<Page<StockLevel>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listLevels(ctx.db, query, query);
  return { items: page.items.map(presentLevel), nextCursor: page.nextCursor };
}

/** R-PRT-4: stock levels whose available quantity is below the minimum in force there (sorted like /stock-levels). */
export async function listLowStock(ctx: ServiceContext, query: LowStockQuery): Promise<Page<StockLevel>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listLevels(ctx.db, { ...query, lowOnly: true }, query);
  return { items: page.items.map(presentLevel), nextCursor: page.nextCursor };
}

export async function listStockMovements(ctx: ServiceContext, query: StockMovementListQuery): Promise<Page<StockMovement>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listMovements(ctx.db, query, query);
  return { items: page.items.map(presentMovement), nextCursor: page.nextCursor };
}

export async function listStockReservations(
  ctx: ServiceContext,
  query: StockReservationListQuery,
): Promise<Page<StockReservation>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listReservations(ctx.db, query, query);
  return { items: page.items.map(presentReservation), nextCursor: page.nextCursor };
}

/** The rows of an export: every level matching the filter, up to a limit. */
export const EXPORT_ROW_LIMIT = 50_000;

export async function exportStockLevels(
  ctx: ServiceContext,
  query: Omit<StockLevelListQuery, 'cursor' | 'limit'>,
): Promise<Buffer> {
  assertCan(ctx.actor, 'parts.read');
  const rows: StockLevel[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listLevels(ctx.db, query, { sort: query.sort ?? 'locationCode', cursor, limit: 500 });
    rows.push(...page.items.map(presentLevel));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < EXPORT_ROW_LIMIT);
  return stockLevelsWorkbook(rows.slice(0, EXPORT_ROW_LIMIT));
}

// ---------------------------------------------------------------- per-location minimum

/** Set a location's own minimum for a part (null: the part's minimum applies again). */
export async function setStockMinimum(ctx: ServiceContext, input: SetStockMinimumRequest): Promise<StockLevel> {
  assertCan(ctx.actor, 'parts.write');
  return runInTransaction(ctx, async (tx) => {
    const cmd = startCommand(tx);
    await loadLocations(cmd, [{ locationId: input.locationId, path: ['body', 'locationId'] }]);
    await loadParts(cmd, [{ partId: input.partId, path: ['body', 'partId'] }]);
    const level = await repo.levelQuantities(tx.db, input.locationId, input.partId);
    let levelId: string;
    if (level) {
      if (
        input.version === undefined ||
        !(await repo.updateLevelMinimum(tx.db, level.id, input.version, input.minQuantity, cmd.now))
      ) {
        throw new VersionConflictError('stock_level', level.id, level.version);
      }
      levelId = level.id;
    } else {
      levelId = newId();
      await repo.insertEmptyLevel(tx.db, {
        id: levelId,
        locationId: input.locationId,
        partId: input.partId,
        minQuantity: input.minQuantity,
        now: cmd.now,
      });
    }
    await recordAudit(tx, {
      entity: 'stock_level',
      entityId: levelId,
      action: 'set_minimum',
      before: { minQuantity: level?.min_quantity ?? null },
      after: { locationId: input.locationId, partId: input.partId, minQuantity: input.minQuantity },
    });
    const row = await repo.findLevel(tx.db, input.locationId, input.partId);
    return presentLevel(row!);
  });
}
