import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Follow-up visits (回访) and satisfaction (R-FUP-1..9, R-SAT-1..3): the admin-editable rules that
 * plan them, the tasks they generate (one row per rule × source, unique `source_key`, so generation
 * is idempotent), the attempts recorded on a task (回访记录表), questionnaires, survey invitations
 * answered by a signed link, the annual satisfaction campaigns, and the supervisor's reviews of a
 * follow-up report. Plus the indexes the set-based generator reads other areas by (closed cases,
 * purchase dates, order dates).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('questionnaires')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    // the agent's call script (话术)
    .addColumn('script', 'text')
    // JSON array of {key, text, kind: scale|choice|text, min?, max?, options?, weight?, required?}
    .addColumn('questions', t.json, (c) => c.notNull())
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('followup_rules')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trigger_kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`trigger_kind in ('case_closed', 'complaint_closure', 'first_purchase', 'customer_cadence', 'unit_cadence', 'account_cadence', 'maintenance_done', 'project_milestone')`,
        ),
    )
    // JSON: trigger conditions (case types, repair kind, customer classes, account kind, purpose, cadence steps …)
    .addColumn('conditions', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('delay_amount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delay_unit', 'text', (c) => c.notNull().check(sql`delay_unit in ('hours', 'days', 'months')`))
    .addColumn('window_amount', 'integer', (c) => c.notNull())
    .addColumn('window_unit', 'text', (c) => c.notNull().check(sql`window_unit in ('hours', 'days', 'months')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'sms', 'email', 'im', 'letter', 'on_site')`))
    // agent | supervisor | manager | by_severity (R-FUP-3, roles per severity in the settings)
    .addColumn('assignee', 'text', (c) => c.notNull().check(sql`assignee in ('agent', 'supervisor', 'manager', 'by_severity')`))
    .addColumn('sampling_percent', 'integer', (c) => c.notNull().defaultTo(100).check(sql`sampling_percent between 0 and 100`))
    .addColumn('target_percent', 'integer', (c) => c.notNull().defaultTo(80).check(sql`target_percent between 0 and 100`))
    .addColumn('questionnaire_id', t.id, (c) => c.references('questionnaires.id'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    // the customer's case demands the contact: not held back by the one-contact-per-N-days rule
    .addColumn('case_demanded', t.boolean, (c) => c.notNull().defaultTo(false))
    // R-FUP-9: tasks of this rule are restricted records
    .addColumn('restricted', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('enabled', t.boolean, (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('followup_tasks')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('rule_id', t.id, (c) => c.references('followup_rules.id'))
    // what generated it, e.g. 'case_closed:<rule>:<case>' — generating again is a no-op
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('follow_up').check(sql`purpose in ('follow_up', 'survey')`))
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('order_id', t.id, (c) => c.references('orders.id'))
    // the follow-up this one continues (an unresolved problem, R-FUP-7)
    .addColumn('previous_task_id', t.id, (c) => c.references('followup_tasks.id'))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('anchor_at', t.timestamp, (c) => c.notNull())
    // the call-window slot it was planned in, and the end of the rule's window
    .addColumn('planned_at', t.timestamp, (c) => c.notNull())
    .addColumn('due_by', t.timestamp, (c) => c.notNull())
    // when it is next in the queue: the planned slot, later the next attempt
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'sms', 'email', 'im', 'letter', 'on_site')`))
    .addColumn('assignee_role', 'text', (c) => c.notNull())
    .addColumn('assignee_id', t.id, (c) => c.references('users.id'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('questionnaire_id', t.id, (c) => c.references('questionnaires.id'))
    .addColumn('case_demanded', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('restricted', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('pending', 'done', 'unreached', 'merged', 'skipped', 'cancelled')`),
    )
    // do_not_disturb | sampled_out | … (skipped), or why it was postponed
    .addColumn('state_reason', 'text')
    .addColumn('merged_into_id', t.id, (c) => c.references('followup_tasks.id'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('reached', t.boolean)
    .addColumn('score', 'integer')
    .addColumn('opened_case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('done_at', t.timestamp)
    .addColumn('done_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('followup_tasks_state_due_idx').on('followup_tasks').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('followup_tasks_customer_idx').on('followup_tasks').columns(['customer_id', 'planned_at']).execute();
  await db.schema.createIndex('followup_tasks_rule_planned_idx').on('followup_tasks').columns(['rule_id', 'planned_at']).execute();
  await db.schema.createIndex('followup_tasks_case_idx').on('followup_tasks').column('case_id').execute();
  await db.schema.createIndex('followup_tasks_merged_idx').on('followup_tasks').column('merged_into_id').execute();
  await db.schema.createIndex('followup_tasks_done_idx').on('followup_tasks').columns(['done_by', 'done_at']).execute();

  // 回访记录表: one row per attempt (reached or not)
  await db.schema
    .createTable('followup_attempts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('task_id', t.id, (c) => c.notNull().references('followup_tasks.id'))
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'sms', 'email', 'im', 'letter', 'on_site')`))
    .addColumn('reached', t.boolean, (c) => c.notNull())
    .addColumn('answers', t.json)
    .addColumn('questionnaire_score', 'integer')
    .addColumn('score', 'integer', (c) => c.check(sql`score is null or score between 0 and 5`))
    .addColumn('problems', 'text')
    .addColumn('problem_resolved', t.boolean)
    .addColumn('suggestions', 'text')
    .addColumn('note', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('signature', 'text')
    .addColumn('next_attempt_at', t.timestamp)
    .addColumn('opened_case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('recorded_by', t.id, (c) => c.references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('followup_attempts_task_idx').on('followup_attempts').columns(['task_id', 'attempt_no']).execute();

  await db.schema
    .createTable('survey_campaigns')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('questionnaire_id', t.id, (c) => c.notNull().references('questionnaires.id'))
    .addColumn('min_transactions', 'integer', (c) => c.notNull())
    .addColumn('response_target_percent', 'integer', (c) => c.notNull())
    .addColumn('satisfied_score', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'running', 'closed')`))
    .addColumn('started_at', t.timestamp)
    .addColumn('closes_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  // a survey sent to one customer: answered once by its signed link (or recorded by an agent)
  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('campaign_id', t.id, (c) => c.references('survey_campaigns.id'))
    .addColumn('task_id', t.id, (c) => c.references('followup_tasks.id'))
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('questionnaire_id', t.id, (c) => c.notNull().references('questionnaires.id'))
    // one invitation per campaign × customer or per task
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text')
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addColumn('reminded_at', t.timestamp)
    .addColumn('answered_at', t.timestamp)
    .addColumn('answered_via', 'text', (c) => c.check(sql`answered_via is null or answered_via in ('link', 'agent')`))
    .addColumn('answers', t.json)
    // out of 100
    .addColumn('score', 'integer')
    .addColumn('opened_case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_invitations_campaign_idx').on('survey_invitations').columns(['campaign_id', 'answered_at']).execute();
  await db.schema.createIndex('survey_invitations_customer_idx').on('survey_invitations').column('customer_id').execute();

  // items of a campaign below the satisfied score: cause, corrective action, reply to the customer (R-SAT-2)
  await db.schema
    .createTable('survey_item_actions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('campaign_id', t.id, (c) => c.notNull().references('survey_campaigns.id'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('cause', 'text')
    .addColumn('corrective_action', 'text')
    .addColumn('reply', 'text')
    .addColumn('replied_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_item_actions_uq')
    .on('survey_item_actions')
    .columns(['campaign_id', 'question_key'])
    .unique()
    .execute();

  // 回访报告: the supervisor's review of an agent's follow-ups in a period (R-FUP-8)
  await db.schema
    .createTable('followup_reviews')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('agent_id', t.id, (c) => c.references('users.id'))
    .addColumn('period_from', t.date, (c) => c.notNull())
    .addColumn('period_to', t.date, (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('followup_reviews_agent_idx').on('followup_reviews').columns(['agent_id', 'period_from']).execute();

  // what the generator reads, by range
  await db.schema.createIndex('cases_closed_at_idx').on('cases').column('closed_at').where(sql<boolean>`closed_at is not null`).execute();
  await db.schema.createIndex('units_purchase_date_idx').on('units').column('purchase_date').execute();
  await db.schema.createIndex('orders_date_idx').on('orders').column('order_date').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
