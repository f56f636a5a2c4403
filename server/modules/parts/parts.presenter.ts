import type {
  SparePart,
  StockLevel,
  StockLocation,
  StockMovement,
  StockReferenceType,
  StockReservation,
} from '../../../contracts/parts.js';
import type { LocationRow, PartRow } from './parts.repository.js';
import type { LevelRow, MovementRow, ReservationRow } from './stock.repository.js';
import { availableOf, isLow, lowStockThreshold, shortageOf } from './stock.rules.js';

/** Rows → API shapes. Booleans are 0/1 on SQLite, numbers may be strings on PostgreSQL aggregates. */

export function presentPart(row: PartRow, products: { id: string; model: string; name: string }[] = []): SparePart {
  const onHand = Number(row.on_hand_total ?? 0);
  const reserved = Number(row.reserved_total ?? 0);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    specification: row.specification,
    unitOfMeasure: row.unit_of_measure,
    categoryId: row.category_id,
    categoryName: row.category_name ?? null,
    products,
    standardCostFen: Number(row.standard_cost_fen),
    minStock: Number(row.min_stock),
    status: row.status,
    notes: row.notes,
    onHandTotal: onHand,
    availableTotal: onHand - reserved,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentLocation(row: LocationRow): StockLocation {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    technicianUserId: row.technician_user_id,
    technicianName: row.technician_name ?? null,
    regionId: row.region_id,
    regionName: row.region_name ?? null,
    address: row.address,
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentLevel(row: LevelRow): StockLevel {
  const onHand = Number(row.on_hand);
  const reserved = Number(row.reserved);
  const available = availableOf({ onHand, reserved });
  const minQuantity = row.min_quantity === null ? null : Number(row.min_quantity);
  const threshold = lowStockThreshold({
    locationMin: minQuantity,
    partMin: Number(row.part_min_stock),
    locationKind: row.location_kind,
  });
  return {
    id: row.id,
    locationId: row.location_id,
    locationCode: row.location_code,
    locationName: row.location_name,
    locationKind: row.location_kind,
    partId: row.part_id,
    partCode: row.part_code,
    partName: row.part_name,
    specification: row.specification,
    unitOfMeasure: row.unit_of_measure,
    onHand,
    reserved,
    available,
    minQuantity,
    threshold,
    low: isLow(available, threshold),
    shortage: shortageOf(available, threshold),
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

function referenceOf(type: string | null, id: string | null) {
  return type && id ? { type: type as StockReferenceType, id } : null;
}

export function presentMovement(row: MovementRow): StockMovement {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    partId: row.part_id,
    partCode: row.part_code,
    partName: row.part_name,
    unitOfMeasure: row.unit_of_measure,
    locationId: row.location_id,
    locationCode: row.location_code,
    locationName: row.location_name,
    quantity: Number(row.quantity),
    reservedDelta: Number(row.reserved_delta),
    onHandAfter: Number(row.on_hand_after),
    reservedAfter: Number(row.reserved_after),
    reason: row.reason,
    reference: referenceOf(row.reference_type, row.reference_id),
    supplier: row.supplier,
    actorId: row.actor_id,
    actorName: row.actor_name ?? row.actor_label,
    transferId: row.transfer_id,
    reservationId: row.reservation_id,
  };
}

export function presentReservation(row: ReservationRow): StockReservation {
  const quantity = Number(row.quantity);
  const issued = Number(row.issued_quantity);
  const released = Number(row.released_quantity);
  return {
    id: row.id,
    partId: row.part_id,
    partCode: row.part_code,
    partName: row.part_name,
    locationId: row.location_id,
    locationCode: row.location_code,
    locationName: row.location_name,
    quantity,
    issuedQuantity: issued,
    releasedQuantity: released,
    remaining: quantity - issued - released,
    reference: { type: row.reference_type as StockReferenceType, id: row.reference_id },
    state: row.state,
    note: row.note,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
