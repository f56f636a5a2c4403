import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Due work: everything that becomes due later is a row (ARCHITECTURE §4). The sweeper claims
 * rows with a lease (`lease_token`, `lease_until`) through conditional updates, so several
 * instances never do the same work and a crash only delays it until the lease runs out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('due_work')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text')
    // one row per logical piece of work, e.g. 'escalation:<deadline id>:2'; scheduling twice is a no-op
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`state in ('pending', 'running', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', t.timestamp)
    .addColumn('payload', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('done_at', t.timestamp)
    .execute();
  await db.schema.createIndex('due_work_state_due_idx').on('due_work').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('due_work_ref_idx').on('due_work').columns(['ref_id', 'kind']).execute();

  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms', 'im_webhook', 'in_app')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('template_key', 'text')
    .addColumn('related_entity', 'text')
    .addColumn('related_id', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`state in ('pending', 'running', 'sent', 'dead', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(6))
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .execute();
  await db.schema.createIndex('outbox_state_due_idx').on('outbox_messages').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('outbox_related_idx').on('outbox_messages').columns(['related_entity', 'related_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
