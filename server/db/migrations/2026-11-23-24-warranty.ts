import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Warranty, returns and 三包 (R-WAR-1..6): the claim record of a warranty/return case with its
 * purchase proof, eligibility snapshot and decision (history in warranty_decisions); return to
 * factory (RMA) with its shipments; replacements; refunds with the rule that allowed them;
 * defective-part returns for quality analysis. The post-repair warranty of a unit lives in
 * unit_repairs (repairs migration 23); a factory repair records its row there too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('warranty_claims')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().unique().references('cases.id'))
    .addColumn('proof_purchase_date', t.date)
    .addColumn('proof_document_number', 'text')
    .addColumn('proof_seller', 'text')
    // an uploaded photo of the proof (attachments module); no foreign key: attachments are stored by another module
    .addColumn('proof_attachment_id', t.id)
    // the entitlement of the last review (JSON) and whether it said "in warranty"
    .addColumn('entitlement', t.json)
    .addColumn('eligible', t.boolean)
    .addColumn('reviewed_at', t.timestamp)
    .addColumn('reviewed_by', t.id, (c) => c.references('users.id'))
    .addColumn('decision', 'text', (c) => c.check(sql`decision is null or decision in ('repair', 'replace', 'refund', 'reject')`))
    .addColumn('repair_mode', 'text', (c) => c.check(sql`repair_mode is null or repair_mode in ('repair_case', 'factory')`))
    .addColumn('repair_case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('decided_at', t.timestamp)
    .addColumn('decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('result_text', 'text')
    .addColumn('result_sent_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('warranty_decisions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('repair', 'replace', 'refund', 'reject')`))
    .addColumn('note', 'text')
    // the entitlement snapshot the decision was taken on
    .addColumn('entitlement', t.json)
    .addColumn('data', t.json)
    .addColumn('decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('decided_at', t.timestamp, (c) => c.notNull())
    .addColumn('superseded_at', t.timestamp)
    .execute();
  await db.schema.createIndex('warranty_decisions_case_idx').on('warranty_decisions').columns(['case_id', 'decided_at']).execute();

  await db.schema
    .createTable('rma_orders')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`state in ('to_ship', 'shipped_to_factory', 'received_by_factory', 'repaired_at_factory', 'unrepairable', 'shipped_back', 'received_by_customer', 'cancelled')`,
        ),
    )
    .addColumn('factory_name', 'text')
    .addColumn('factory_address', 'text')
    .addColumn('fault_description', 'text')
    .addColumn('factory_repair_notes', 'text')
    .addColumn('shipped_to_factory_at', t.timestamp)
    .addColumn('received_by_factory_at', t.timestamp)
    .addColumn('repaired_at_factory_at', t.timestamp)
    .addColumn('unrepairable_at', t.timestamp)
    .addColumn('shipped_back_at', t.timestamp)
    .addColumn('received_by_customer_at', t.timestamp)
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rma_orders_case_idx').on('rma_orders').column('case_id').execute();
  await db.schema.createIndex('rma_orders_state_idx').on('rma_orders').columns(['state', 'created_at', 'id']).execute();

  await db.schema
    .createTable('rma_shipments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('rma_id', t.id, (c) => c.notNull().references('rma_orders.id'))
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('outbound', 'return')`))
    .addColumn('carrier', 'text', (c) => c.notNull().check(sql`length(carrier) > 0`))
    .addColumn('tracking_number', 'text', (c) => c.notNull().check(sql`length(tracking_number) > 0`))
    // shipping is borne by the company (R-WAR-3)
    .addColumn('cost_fen', t.money, (c) => c.notNull().check(sql`cost_fen >= 0`))
    .addColumn('shipped_at', t.timestamp, (c) => c.notNull())
    .addColumn('received_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('rma_shipments_direction_uq', ['rma_id', 'direction'])
    .execute();
  await db.schema.createIndex('rma_shipments_tracking_idx').on('rma_shipments').column('tracking_number').execute();

  await db.schema
    .createTable('unit_replacements')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('old_unit_id', t.id, (c) => c.notNull().references('units.id'))
    .addColumn('new_unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('new_product_id', t.id, (c) => c.references('products.id'))
    .addColumn('substitution_reason', 'text')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('pending', 'unit_recorded', 'inspection_failed', 'inspected', 'accepted', 'cancelled')`),
    )
    .addColumn('inspection_result', 'text', (c) =>
      c.check(sql`inspection_result is null or inspection_result in ('passed', 'failed')`),
    )
    .addColumn('inspection_note', 'text')
    .addColumn('inspected_by', t.id, (c) => c.references('users.id'))
    .addColumn('inspected_at', t.timestamp)
    .addColumn('acceptance_signed_by', 'text')
    .addColumn('acceptance_note', 'text')
    .addColumn('accepted_at', t.timestamp)
    .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`rework_count >= 0`))
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('unit_replacements_case_idx').on('unit_replacements').column('case_id').execute();
  await db.schema.createIndex('unit_replacements_old_unit_idx').on('unit_replacements').column('old_unit_id').execute();
  await db.schema.createIndex('unit_replacements_new_unit_idx').on('unit_replacements').column('new_unit_id').execute();

  await db.schema
    .createTable('warranty_refunds')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('rule', 'text', (c) =>
      c.notNull().check(sql`rule in ('failed_after_repair', 'contract_mismatch', 'early_quality_problem')`),
    )
    .addColumn('reasons', t.json, (c) => c.notNull())
    .addColumn('evidence', t.json, (c) => c.notNull())
    .addColumn('price_fen', t.money, (c) => c.notNull().check(sql`price_fen >= 0`))
    .addColumn('price_source', 'text', (c) => c.notNull().check(sql`price_source in ('order_line', 'entered')`))
    .addColumn('order_id', t.id, (c) => c.references('orders.id'))
    .addColumn('deductions', t.json, (c) => c.notNull())
    .addColumn('deductions_fen', t.money, (c) => c.notNull().check(sql`deductions_fen >= 0`))
    .addColumn('refund_fen', t.money, (c) => c.notNull().check(sql`refund_fen >= 0`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('approved', 'paid', 'cancelled')`))
    .addColumn('payment_reference', 'text')
    .addColumn('paid_at', t.timestamp)
    .addColumn('paid_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('warranty_refunds_amount_ck', sql`refund_fen = price_fen - deductions_fen`)
    .execute();
  await db.schema.createIndex('warranty_refunds_case_idx').on('warranty_refunds').column('case_id').execute();

  await db.schema
    .createTable('defective_part_returns')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('product_id', t.id, (c) => c.references('products.id'))
    .addColumn('part_id', t.id, (c) => c.references('spare_parts.id'))
    .addColumn('part_name', 'text', (c) => c.notNull().check(sql`length(part_name) > 0`))
    .addColumn('serial_or_batch', 'text')
    .addColumn('fault_description', 'text', (c) => c.notNull())
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('received_by', t.id, (c) => c.references('users.id'))
    .addColumn('disposition', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`disposition in ('pending', 'scrap', 'repair', 'return_to_supplier', 'restock')`),
    )
    .addColumn('analysis', 'text')
    .addColumn('analysed_by', t.id, (c) => c.references('users.id'))
    .addColumn('analysed_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('defective_part_returns_product_idx')
    .on('defective_part_returns')
    .columns(['product_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('defective_part_returns_received_idx')
    .on('defective_part_returns')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema.createIndex('defective_part_returns_case_idx').on('defective_part_returns').column('case_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
