import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppConfig } from '../config.js';
import { insertRows } from '../db/compiled.js';
import type { DB } from '../db/database.js';
import type { Clock } from './clock.js';
import { inTransaction, type ServiceContext } from './context.js';
import { newId } from './ids.js';
import { systemActor } from './permissions.js';

/**
 * Due work (ARCHITECTURE §4): rows with a due time, claimed by the sweeper with a lease.
 * A handler runs in one transaction together with marking its row done under the same lease
 * token, so its database effects happen exactly once even with several instances, and a crash
 * mid-way only delays the work until the lease runs out.
 */
export interface DueWorkItem {
  id: string;
  kind: string;
  refId: string | null;
  dueAt: string;
  attempts: number;
  payload: any;
}

export type DueWorkHandler = (tx: ServiceContext, item: DueWorkItem) => Promise<void>;
export type DueWorkHandlers = Record<string, DueWorkHandler>;

export interface ScheduleRequest {
  kind: string;
  refId?: string | null;
  dueAt: string;
  /** one row per logical piece of work; scheduling the same key again is a no-op */
  dedupeKey: string;
  payload?: unknown;
  maxAttempts?: number;
}

function dueWorkRow(request: ScheduleRequest, now: string) {
  return {
    id: newId(),
    kind: request.kind,
    ref_id: request.refId ?? null,
    dedupe_key: request.dedupeKey,
    due_at: request.dueAt,
    payload: JSON.stringify(request.payload ?? {}),
    max_attempts: request.maxAttempts ?? 5,
    lease_token: null,
    lease_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    done_at: null,
  };
}

/** Schedule work (inside the caller's transaction). Returns false when the key was already scheduled. */
export async function scheduleDueWork(ctx: ServiceContext, request: ScheduleRequest): Promise<boolean> {
  const result = await ctx.db
    .insertInto('due_work')
    .values(dueWorkRow(request, ctx.clock.now().toISOString()))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** Schedule several pieces of work with one INSERT (keys already scheduled are left as they are). */
export async function scheduleDueWorkBatch(ctx: ServiceContext, requests: readonly ScheduleRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const now = ctx.clock.now().toISOString();
  // compiled once per number of rows (db/compiled.ts): every case opened schedules its escalations
  await insertRows(
    ctx.db,
    'due_work',
    requests.map((request) => dueWorkRow(request, now)),
    { ignoreConflictOn: 'dedupe_key' },
  );
}

/** Move pending work to a new due time (e.g. a deadline paused and resumed). */
export async function rescheduleDueWork(ctx: ServiceContext, dedupeKey: string, dueAt: string): Promise<boolean> {
  const result = await ctx.db
    .updateTable('due_work')
    .set({ due_at: dueAt, updated_at: ctx.clock.now().toISOString() })
    .where('dedupe_key', '=', dedupeKey)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Cancel pending work by key, or every pending row of a record (optionally of one kind). */
export async function cancelDueWork(ctx: ServiceContext, target: { dedupeKey: string } | { refId: string; kind?: string }): Promise<number> {
  let query = ctx.db
    .updateTable('due_work')
    .set({ state: 'cancelled', updated_at: ctx.clock.now().toISOString() })
    .where('state', '=', 'pending');
  query = 'dedupeKey' in target ? query.where('dedupe_key', '=', target.dedupeKey) : query.where('ref_id', '=', target.refId);
  if ('refId' in target && target.kind) query = query.where('kind', '=', target.kind);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

type LeasedTable = 'due_work' | 'outbox_messages';

/**
 * Claim up to `limit` due rows of a leased table. Each claim is a conditional update that
 * re-checks the row is still claimable, so two instances racing for a row cannot both win.
 */
export async function claimDue(
  db: DB,
  table: LeasedTable,
  now: Date,
  limit: number,
  leaseMs: number,
  /** only rows whose `column` is one of `values` (e.g. outbox channels that have a sender) */
  only?: { column: string; values: readonly string[] },
): Promise<{ id: string; token: string }[]> {
  const nowIso = now.toISOString();
  if (only && only.values.length === 0) return [];
  let candidateQuery = (db as any).selectFrom(table).select('id');
  if (only) candidateQuery = candidateQuery.where(only.column, 'in', only.values);
  const candidates = await candidateQuery
    .where((eb: any) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', nowIso)]),
        eb.and([eb('state', '=', 'running'), eb('lease_until', '<', nowIso)]),
      ]),
    )
    .where(sql`attempts < max_attempts`)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  const claimed: { id: string; token: string }[] = [];
  for (const { id } of candidates) {
    const token = randomUUID();
    const result = await (db as any)
      .updateTable(table)
      .set({
        state: 'running',
        lease_token: token,
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: sql`attempts + 1`,
        updated_at: nowIso,
      })
      .where('id', '=', id)
      .where((eb: any) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', nowIso)]),
          eb.and([eb('state', '=', 'running'), eb('lease_until', '<', nowIso)]),
        ]),
      )
      .where(sql`attempts < max_attempts`)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push({ id, token });
  }
  return claimed;
}

/** Rows whose lease ran out on their last attempt: give up instead of leaving them running. */
async function failExhausted(db: DB, table: LeasedTable, now: Date, deadState: 'failed' | 'dead') {
  const nowIso = now.toISOString();
  await (db as any)
    .updateTable(table)
    .set({ state: deadState, lease_token: null, lease_until: null, last_error: 'lease expired on the last attempt', updated_at: nowIso })
    .where('state', '=', 'running')
    .where('lease_until', '<', nowIso)
    .where(sql`attempts >= max_attempts`)
    .execute();
}

/** Retry delay after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}

class LeaseLostError extends Error {}

export interface SweepDeps {
  db: DB;
  clock: Clock;
  config: AppConfig;
}

export interface SweepResult {
  done: number;
  retried: number;
  failed: number;
}

/** Claim and run due work once. Safe to call from every instance at any time. */
export async function runDueWork(deps: SweepDeps, handlers: DueWorkHandlers, options: { limit?: number; leaseMs?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { done: 0, retried: 0, failed: 0 };
  const now = deps.clock.now();
  await failExhausted(deps.db, 'due_work', now, 'failed');
  const claimed = await claimDue(deps.db, 'due_work', now, options.limit ?? 50, options.leaseMs ?? 60_000);
  const ctx: ServiceContext = { ...deps, actor: systemActor, requestId: null };
  for (const { id, token } of claimed) {
    const row = await deps.db.selectFrom('due_work').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const item: DueWorkItem = { id, kind: row.kind, refId: row.ref_id, dueAt: row.due_at, attempts: row.attempts, payload: JSON.parse(row.payload) };
    const handler = handlers[row.kind];
    try {
      if (!handler) throw new Error(`no handler for due work of kind "${row.kind}"`);
      await inTransaction(ctx, async (tx) => {
        await handler(tx, item);
        const finished = await tx.db
          .updateTable('due_work')
          .set({ state: 'done', done_at: tx.clock.now().toISOString(), lease_token: null, lease_until: null, updated_at: tx.clock.now().toISOString() })
          .where('id', '=', id)
          .where('lease_token', '=', token)
          .executeTakeFirst();
        // Another instance took over after our lease expired: undo our effects, it does the work.
        if (Number(finished.numUpdatedRows) !== 1) throw new LeaseLostError();
      });
      result.done += 1;
    } catch (error) {
      if (error instanceof LeaseLostError) continue;
      const exhausted = row.attempts >= row.max_attempts;
      const nowIso = deps.clock.now().toISOString();
      await deps.db
        .updateTable('due_work')
        .set({
          state: exhausted ? 'failed' : 'pending',
          due_at: exhausted ? row.due_at : new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts)).toISOString(),
          lease_token: null,
          lease_until: null,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 2000),
          updated_at: nowIso,
        })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .execute();
      if (exhausted) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}
