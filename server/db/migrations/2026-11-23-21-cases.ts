import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * The case core shared by every case type (R-REQ-1..7): configurable case types, cases with their
 * timeline and links, service-level policies and the deadlines started from them (R-CAL-3..4).
 * Reference data (the seven case types of R-REQ-2 and the SPEC's default policies) is not seeded
 * here — a restore needs empty tables — but at startup (server/modules/cases/cases.seed.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('case_types')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`length(code) between 2 and 40`))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('number_prefix', 'text', (c) => c.notNull().unique())
    // which transition table: 'repair' | 'warranty' | 'complaint' | 'simple' (validated by the service registry)
    .addColumn('workflow', 'text', (c) => c.notNull())
    // complaints may be anonymous (R-CMP-13); every other type needs a customer
    .addColumn('allow_anonymous', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('builtin', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('enabled', t.boolean, (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().references('case_types.code'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('phone', 'email', 'portal', 'chat', 'im', 'api', 'walk_in', 'followup')`),
    )
    .addColumn('customer_id', t.id, (c) => c.references('customers.id'))
    .addColumn('contact_id', t.id, (c) => c.references('customer_contacts.id'))
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('product_id', t.id, (c) => c.references('products.id'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) > 0`))
    .addColumn('description', 'text')
    .addColumn('fault_started_on', t.date)
    .addColumn('usage_environment', 'text')
    .addColumn('severity', 'text', (c) =>
      c.notNull().defaultTo('general').check(sql`severity in ('general', 'important', 'major')`),
    )
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('medium').check(sql`urgency in ('high', 'medium', 'low')`))
    .addColumn('on_site_required', t.boolean, (c) => c.notNull().defaultTo(false))
    // first-responder responsibility (首问负责制): never empty
    .addColumn('owner_id', t.id, (c) => c.notNull().references('users.id').check(sql`length(owner_id) > 0`))
    .addColumn('region_id', t.id, (c) => c.references('regions.id'))
    .addColumn('address', 'text')
    .addColumn('latitude', t.real, (c) => c.check(sql`latitude is null or (latitude >= -90 and latitude <= 90)`))
    .addColumn('longitude', t.real, (c) => c.check(sql`longitude is null or (longitude >= -180 and longitude <= 180)`))
    .addColumn('waiting_on', 'text', (c) =>
      c.check(sql`waiting_on is null or waiting_on in ('customer', 'parts', 'third_party')`),
    )
    .addColumn('waiting_since', t.timestamp)
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0).check(sql`escalation_level between 0 and 3`))
    .addColumn('escalated', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('merged_into_id', t.id, (c) => c.references('cases.id'))
    .addColumn('first_replied_at', t.timestamp)
    .addColumn('resolved_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('cases_merged_check', sql`(state = 'merged') = (merged_into_id is not null)`)
    .execute();
  await db.schema.createIndex('cases_owner_state_idx').on('cases').columns(['owner_id', 'state']).execute();
  await db.schema.createIndex('cases_state_type_idx').on('cases').columns(['state', 'type']).execute();
  await db.schema.createIndex('cases_customer_created_idx').on('cases').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('cases_unit_created_idx').on('cases').columns(['unit_id', 'created_at']).execute();
  await db.schema.createIndex('cases_created_idx').on('cases').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('cases_merged_into_idx').on('cases').column('merged_into_id').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_id', t.id)
    .addColumn('actor_label', 'text', (c) => c.notNull())
    // created, action, note, assigned, deadline_started, deadline_met, deadline_warning, deadline_breached,
    // escalated, paused, resumed, linked, merged, message_in, message_out … (modules may add kinds)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('note', 'text')
    .addColumn('data', t.json)
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('internal').check(sql`visibility in ('internal', 'customer')`))
    .execute();
  await db.schema.createIndex('case_events_case_at_idx').on('case_events').columns(['case_id', 'at', 'id']).execute();

  await db.schema
    .createTable('case_links')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // the pair is stored in id order, so (a, b) and (b, a) are the same link
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('other_case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('duplicate', 'related')`))
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('case_links_order_check', sql`case_id < other_case_id`)
    .addUniqueConstraint('case_links_pair_uq', ['case_id', 'other_case_id'])
    .execute();
  await db.schema.createIndex('case_links_other_idx').on('case_links').column('other_case_id').execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_type', 'text', (c) => c.notNull().references('case_types.code'))
    // null = any severity / urgency
    .addColumn('severity', 'text', (c) => c.check(sql`severity is null or severity in ('general', 'important', 'major')`))
    .addColumn('urgency', 'text', (c) => c.check(sql`urgency is null or urgency in ('high', 'medium', 'low')`))
    // first_reply, customer_contact, acknowledge, on_site_arrival, resolution, warranty_reply, ship_back … (extensible)
    .addColumn('metric', 'text', (c) => c.notNull().check(sql`length(metric) between 2 and 40`))
    .addColumn('amount', t.real, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('clock_hours', 'business_hours', 'working_days')`))
    // level 1 (due soon, owner alerted) this long before due; level 3 (department head) this long after
    .addColumn('warn_before_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`warn_before_minutes >= 0`))
    .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull().defaultTo(240).check(sql`escalate_after_minutes >= 0`))
    // started when the case is opened; otherwise a module starts it (e.g. ship_back by the RMA flow)
    .addColumn('starts_at_open', t.boolean, (c) => c.notNull().defaultTo(true))
    .addColumn('enabled', t.boolean, (c) => c.notNull().defaultTo(true))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_policies_type_metric_idx').on('sla_policies').columns(['case_type', 'metric']).execute();

  await db.schema
    .createTable('case_deadlines')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('case_id', t.id, (c) => c.notNull().references('cases.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('policy_id', t.id, (c) => c.references('sla_policies.id'))
    // copied from the policy when started: editing a policy never moves a running deadline
    .addColumn('amount', t.real, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('clock_hours', 'business_hours', 'working_days')`))
    .addColumn('warn_before_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('escalate_after_minutes', 'integer', (c) => c.notNull().defaultTo(240))
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    // null while paused (the time left is in remaining_ms)
    .addColumn('due_at', t.timestamp)
    .addColumn('warn_at', t.timestamp)
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('running').check(sql`state in ('running', 'paused', 'met', 'breached', 'cancelled')`),
    )
    .addColumn('paused_at', t.timestamp)
    // while paused: time left in the unit's currency (wall ms for clock hours, business ms otherwise)
    .addColumn('remaining_ms', t.money)
    .addColumn('met_at', t.timestamp)
    // kept when a breached deadline is met late
    .addColumn('breached_at', t.timestamp)
    .addColumn('cancelled_at', t.timestamp)
    // highest escalation level that fired (0–3)
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0).check(sql`escalation_level between 0 and 3`))
    // bumped on every re-schedule (resume): part of the escalation rows' dedupe keys
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    // a running or breached deadline has a due time; paused ones keep remaining_ms instead (and stay
    // without one when met or cancelled while paused)
    .addCheckConstraint('case_deadlines_due_check', sql`state not in ('running', 'breached') or due_at is not null`)
    .execute();
  await db.schema.createIndex('case_deadlines_case_idx').on('case_deadlines').columns(['case_id', 'metric']).execute();
  await db.schema.createIndex('case_deadlines_state_due_idx').on('case_deadlines').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('case_deadlines_state_warn_idx').on('case_deadlines').columns(['state', 'warn_at']).execute();
  // one open deadline per case and metric
  await db.schema
    .createIndex('case_deadlines_open_uq')
    .on('case_deadlines')
    .columns(['case_id', 'metric'])
    .unique()
    .where(sql<boolean>`state in ('running', 'paused', 'breached')`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
