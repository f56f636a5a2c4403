import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Complaints (投诉, R-CMP-1..13): the complaint record of a complaint case (category, verification,
 * investigation, resolution, feedback rounds, extension, task force), its corrective and preventive
 * actions (纠正和预防措施), the signatures of the approval steps (会签, 审核, 批准), the complainant's
 * confirmation links (谁投诉谁关闭), the configurable categories and the monthly complaint meeting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('complaint_categories')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull().check(sql`length(name_zh) > 0`))
    .addColumn('name_en', 'text', (c) => c.notNull())
    // sub-categories name their top-level category; only top-level rows carry the resolution kind
    .addColumn('parent_id', t.id, (c) => c.references('complaint_categories.id'))
    .addColumn('resolution_kind', 'text', (c) =>
      c.check(sql`resolution_kind is null or resolution_kind in ('quality', 'delivery', 'service', 'price', 'infringement')`),
    )
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().unique().references('cases.id'))
    .addColumn('category_id', t.id, (c) => c.references('complaint_categories.id'))
    .addColumn('subcategory_id', t.id, (c) => c.references('complaint_categories.id'))
    .addColumn('anonymous', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('written_reply_only', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('batch_number', 'text')
    // verification (核实, R-CMP-3)
    .addColumn('verification_result', 'text', (c) =>
      c.check(sql`verification_result is null or verification_result in ('valid', 'not_ours', 'customer_fault', 'third_party')`),
    )
    .addColumn('verification_facts', 'text')
    .addColumn('verified_at', t.timestamp)
    .addColumn('verified_by', t.id, (c) => c.references('users.id'))
    // investigation (投诉调查, R-CMP-4)
    .addColumn('evidence', t.json)
    .addColumn('root_cause', 'text')
    .addColumn('responsibility', 'text', (c) =>
      c.check(sql`responsibility is null or responsibility in ('company', 'customer', 'third_party', 'unclear')`),
    )
    .addColumn('responsible_departments', t.json)
    .addColumn('gm_decision', 'text')
    .addColumn('gm_decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('gm_decided_at', t.timestamp)
    .addColumn('meeting', t.json)
    .addColumn('investigated_at', t.timestamp)
    .addColumn('investigated_by', t.id, (c) => c.references('users.id'))
    // resolution by category (R-CMP-6)
    .addColumn('resolution_outcomes', t.json)
    .addColumn('resolution_note', 'text')
    // feedback (R-CMP-8) and closure (R-CMP-9, R-CMP-13)
    .addColumn('result_text', 'text')
    .addColumn('result_sent_at', t.timestamp)
    .addColumn('rounds', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unsatisfied_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_at', t.timestamp)
    .addColumn('confirmed_via', 'text', (c) => c.check(sql`confirmed_via is null or confirmed_via in ('link', 'call', 'written_reply')`))
    .addColumn('confirmation_note', 'text')
    .addColumn('closure_reason', 'text')
    // extension of the handling time (R-CMP-2): reason and approval
    .addColumn('extension_state', 'text', (c) =>
      c.check(sql`extension_state is null or extension_state in ('requested', 'approved', 'rejected')`),
    )
    .addColumn('extension_reason', 'text')
    .addColumn('extension_requested_by', t.id, (c) => c.references('users.id'))
    .addColumn('extension_requested_at', t.timestamp)
    .addColumn('extension_decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('extension_decided_at', t.timestamp)
    .addColumn('extension_comment', 'text')
    // major quality problem (R-CMP-10): 专案小组 {leaderId, memberIds}
    .addColumn('task_force', t.json)
    .addColumn('management_notified_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_category_idx').on('complaints').column('category_id').execute();
  await db.schema.createIndex('complaints_batch_idx').on('complaints').column('batch_number').execute();

  await db.schema
    .createTable('complaint_meetings')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // the month reviewed, YYYY-MM
    .addColumn('month', 'text', (c) => c.notNull().check(sql`length(month) = 7`))
    .addColumn('held_on', t.date, (c) => c.notNull())
    .addColumn('topics', t.json, (c) => c.notNull())
    .addColumn('attendees', 'text')
    .addColumn('minutes', 'text')
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('complaint_actions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // a complaint's action, or a decision of the monthly meeting (meeting_id, no case)
    .addColumn('case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('meeting_id', t.id, (c) => c.references('complaint_meetings.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('corrective', 'preventive', 'process_change')`))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`length(description) > 0`))
    .addColumn('owner_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('department_id', t.id, (c) => c.references('departments.id'))
    .addColumn('due_on', t.date, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'done', 'verified', 'cancelled')`))
    .addColumn('evidence', 'text')
    .addColumn('done_at', t.timestamp)
    .addColumn('verified_by', t.id, (c) => c.references('users.id'))
    .addColumn('verified_at', t.timestamp)
    .addColumn('verification_note', 'text')
    .addColumn('overdue_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('complaint_actions_owner_ck', sql`case_id is not null or meeting_id is not null`)
    .execute();
  await db.schema.createIndex('complaint_actions_case_idx').on('complaint_actions').column('case_id').execute();
  await db.schema.createIndex('complaint_actions_state_idx').on('complaint_actions').columns(['state', 'due_on']).execute();

  await db.schema
    .createTable('complaint_signatures')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('step', 'text', (c) => c.notNull().check(sql`step in ('action_plan', 'countersign', 'tracking_sheet', 'closure', 'cause_decision', 'extension')`))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('approved', 'rejected')`))
    .addColumn('department_id', t.id, (c) => c.references('departments.id'))
    .addColumn('signer_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('comment', 'text')
    .addColumn('signed_at', t.timestamp, (c) => c.notNull())
    // a later rejection / new round makes earlier approvals of the step no longer count
    .addColumn('superseded_at', t.timestamp)
    .execute();
  await db.schema.createIndex('complaint_signatures_case_idx').on('complaint_signatures').columns(['case_id', 'step']).execute();

  await db.schema
    .createTable('complaint_confirmation_links')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('result', 'text', (c) => c.check(sql`result is null or result in ('confirmed', 'rejected')`))
    .addColumn('reason', 'text')
    .addColumn('revoked_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_links_case_idx').on('complaint_confirmation_links').column('case_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
