import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Row types of the warranty tables (migration 2026-11-23-24-warranty). JSON columns are text. */

export interface WarrantyClaimsTable {
  id: string;
  case_id: string;
  proof_purchase_date: string | null;
  proof_document_number: string | null;
  proof_seller: string | null;
  proof_attachment_id: string | null;
  entitlement: string | null;
  eligible: Bool | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  decision: 'repair' | 'replace' | 'refund' | 'reject' | null;
  repair_mode: 'repair_case' | 'factory' | null;
  repair_case_id: string | null;
  decided_at: string | null;
  decided_by: string | null;
  result_text: string | null;
  result_sent_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface WarrantyDecisionsTable {
  id: string;
  case_id: string;
  decision: 'repair' | 'replace' | 'refund' | 'reject';
  note: string | null;
  entitlement: string | null;
  data: string | null;
  decided_by: string | null;
  decided_at: string;
  superseded_at: string | null;
}

export type RmaStateColumn =
  | 'to_ship'
  | 'shipped_to_factory'
  | 'received_by_factory'
  | 'repaired_at_factory'
  | 'unrepairable'
  | 'shipped_back'
  | 'received_by_customer'
  | 'cancelled';

export interface RmaOrdersTable {
  id: string;
  number: string;
  case_id: string;
  unit_id: string | null;
  state: RmaStateColumn;
  factory_name: string | null;
  factory_address: string | null;
  fault_description: string | null;
  factory_repair_notes: string | null;
  shipped_to_factory_at: string | null;
  received_by_factory_at: string | null;
  repaired_at_factory_at: string | null;
  unrepairable_at: string | null;
  shipped_back_at: string | null;
  received_by_customer_at: string | null;
  cancelled_at: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RmaShipmentsTable {
  id: string;
  rma_id: string;
  case_id: string;
  direction: 'outbound' | 'return';
  carrier: string;
  tracking_number: string;
  cost_fen: number;
  shipped_at: string;
  received_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface UnitReplacementsTable {
  id: string;
  case_id: string;
  old_unit_id: string;
  new_unit_id: string | null;
  new_product_id: string | null;
  substitution_reason: string | null;
  state: 'pending' | 'unit_recorded' | 'inspection_failed' | 'inspected' | 'accepted' | 'cancelled';
  inspection_result: 'passed' | 'failed' | null;
  inspection_note: string | null;
  inspected_by: string | null;
  inspected_at: string | null;
  acceptance_signed_by: string | null;
  acceptance_note: string | null;
  accepted_at: string | null;
  rework_count: Generated<number>;
  cancelled_at: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface WarrantyRefundsTable {
  id: string;
  case_id: string;
  unit_id: string | null;
  rule: 'failed_after_repair' | 'contract_mismatch' | 'early_quality_problem';
  reasons: string;
  evidence: string;
  price_fen: number;
  price_source: 'order_line' | 'entered';
  order_id: string | null;
  deductions: string;
  deductions_fen: number;
  refund_fen: number;
  state: 'approved' | 'paid' | 'cancelled';
  payment_reference: string | null;
  paid_at: string | null;
  paid_by: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface DefectivePartReturnsTable {
  id: string;
  case_id: string;
  unit_id: string | null;
  product_id: string | null;
  part_id: string | null;
  part_name: string;
  serial_or_batch: string | null;
  fault_description: string;
  received_at: string;
  received_by: string | null;
  disposition: Generated<'pending' | 'scrap' | 'repair' | 'return_to_supplier' | 'restock'>;
  analysis: string | null;
  analysed_by: string | null;
  analysed_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface WarrantyTables {
  warranty_claims: WarrantyClaimsTable;
  warranty_decisions: WarrantyDecisionsTable;
  rma_orders: RmaOrdersTable;
  rma_shipments: RmaShipmentsTable;
  unit_replacements: UnitReplacementsTable;
  warranty_refunds: WarrantyRefundsTable;
  defective_part_returns: DefectivePartReturnsTable;
}
