import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Spare parts and stock (R-PRT): catalogue, locations, stock levels, the movement ledger, reservations. */

export type SparePartStatus = 'active' | 'discontinued';
export type StockLocationKind = 'warehouse' | 'van';
export type StockMovementKind =
  | 'receive'
  | 'transfer_out'
  | 'transfer_in'
  | 'reserve'
  | 'release'
  | 'issue'
  | 'return'
  | 'adjust'
  | 'count_adjust';
export type StockReservationState = 'active' | 'issued' | 'released';

export interface SparePartsTable {
  id: string;
  /** part number (备件编码), unique ignoring letter case */
  code: string;
  name: string;
  specification: string | null;
  /** 个 / 套 / 米 … */
  unit_of_measure: string;
  category_id: string | null;
  standard_cost_fen: number;
  /** low-stock threshold at warehouses (0 = no alert); a stock level's min_quantity overrides it */
  min_stock: number;
  status: Generated<SparePartStatus>;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Products a part fits (optional). */
export interface PartProductsTable {
  part_id: string;
  product_id: string;
}

export interface StockLocationsTable {
  id: string;
  code: string;
  name: string;
  kind: StockLocationKind;
  /** the technician whose van this is (kind 'van' only) */
  technician_user_id: string | null;
  region_id: string | null;
  address: string | null;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/**
 * Stock of one part at one location. Quantities change only through conditional updates that
 * write a ledger row; `version` covers the row's settings (min_quantity).
 */
export interface StockLevelsTable {
  id: string;
  location_id: string;
  part_id: string;
  on_hand: number;
  reserved: number;
  min_quantity: number | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** The ledger: append-only. Sum of `quantity` per location and part = on_hand; sum of `reserved_delta` = reserved. */
export interface StockMovementsTable {
  id: string;
  at: string;
  kind: StockMovementKind;
  part_id: string;
  location_id: string;
  /** signed effect on on_hand */
  quantity: number;
  /** signed effect on reserved */
  reserved_delta: number;
  on_hand_after: number;
  reserved_after: number;
  reason: string | null;
  reference_type: string | null;
  reference_id: string | null;
  supplier: string | null;
  actor_id: string | null;
  actor_label: string;
  /** pairs transfer_out with transfer_in */
  transfer_id: string | null;
  reservation_id: string | null;
  request_id: string | null;
  created_at: string;
}

export interface StockReservationsTable {
  id: string;
  part_id: string;
  location_id: string;
  quantity: number;
  issued_quantity: Generated<number>;
  released_quantity: Generated<number>;
  reference_type: string;
  reference_id: string;
  state: Generated<StockReservationState>;
  note: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PartsTables {
  spare_parts: SparePartsTable;
  part_products: PartProductsTable;
  stock_locations: StockLocationsTable;
  stock_levels: StockLevelsTable;
  stock_movements: StockMovementsTable;
  stock_reservations: StockReservationsTable;
}
