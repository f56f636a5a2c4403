import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Logical backup: every table as gzip-compressed JSON lines. The same file restores into
 * SQLite or PostgreSQL (rows look the same on both), so it doubles as the way to move a
 * company from the embedded database to PostgreSQL.
 */
export const BACKUP_FORMAT = 'aftersales-backup';
const BATCH = 1000;

interface ForeignKey {
  column: string;
  references: string;
}

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
}

const INTERNAL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** The app's tables and their columns; on PostgreSQL only in its own schema (others may come and go). */
async function listTables(db: Kysely<any>, schema?: string): Promise<{ name: string; schema?: string; columns: { name: string }[] }[]> {
  if (dialectOf(db) === 'sqlite') {
    return (await db.introspection.getTables()).filter((t) => !t.isView);
  }
  const ns = schema ?? 'public';
  const rows = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = ${ns} and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const byName = new Map<string, { name: string; schema: string; columns: { name: string }[] }>();
  for (const row of rows.rows) {
    const table = byName.get(row.table_name) ?? { name: row.table_name, schema: ns, columns: [] };
    table.columns.push({ name: row.column_name });
    byName.set(row.table_name, table);
  }
  return [...byName.values()];
}

async function describeTables(db: Kysely<any>, schema?: string): Promise<TableInfo[]> {
  const tables = (await listTables(db, schema)).filter((t) => !INTERNAL_TABLES.has(t.name));
  const result: TableInfo[] = [];
  for (const table of tables) {
    let primaryKey: string[] = [];
    let foreignKeys: ForeignKey[] = [];
    if (dialectOf(db) === 'sqlite') {
      const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table.name})`.execute(db);
      primaryKey = info.rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name);
      const fks = await sql<{ from: string; table: string }>`select "from", "table" from pragma_foreign_key_list(${table.name})`.execute(db);
      foreignKeys = fks.rows.map((r) => ({ column: r.from, references: r.table }));
    } else {
      const ns = table.schema ?? 'public';
      const pk = await sql<{ column_name: string }>`
        select a.attname as column_name
        from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${`${ns}.${table.name}`}::regclass and i.indisprimary
        order by array_position(i.indkey, a.attnum)`.execute(db);
      primaryKey = pk.rows.map((r) => r.column_name);
      const fks = await sql<{ column_name: string; foreign_table: string }>`
        select kcu.column_name, ccu.table_name as foreign_table
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu on tc.constraint_name = kcu.constraint_name and tc.table_schema = kcu.table_schema
        join information_schema.constraint_column_usage ccu on tc.constraint_name = ccu.constraint_name and tc.table_schema = ccu.table_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = ${ns} and tc.table_name = ${table.name}`.execute(db);
      foreignKeys = fks.rows.map((r) => ({ column: r.column_name, references: r.foreign_table }));
    }
    result.push({ name: table.name, columns: table.columns.map((c) => c.name), primaryKey, foreignKeys });
  }
  return orderByDependencies(result);
}

/** Parents before children, so a restore never violates a foreign key. */
export function orderByDependencies(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: TableInfo) => {
    if (state.get(t.name) === 'done' || state.get(t.name) === 'visiting') return;
    state.set(t.name, 'visiting');
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.references);
      if (parent && parent.name !== t.name) visit(parent);
    }
    state.set(t.name, 'done');
    ordered.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return ordered;
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((r: any) => r.name);
}

/** Binary columns (attachments, raw e-mail) travel as {"$base64": "…"} in the JSON lines. */
function encodeValue(value: unknown): unknown {
  return value instanceof Uint8Array ? { $base64: Buffer.from(value).toString('base64') } : value;
}

function decodeValue(value: unknown): unknown {
  return value && typeof value === 'object' && typeof (value as any).$base64 === 'string' ? Buffer.from((value as any).$base64, 'base64') : value;
}

export interface BackupSummary {
  file: string;
  tables: Record<string, number>;
  migrations: string[];
}

export async function backupDatabase(db: Kysely<any>, file: string, options: { schema?: string; now?: Date } = {}): Promise<BackupSummary> {
  const tables = await describeTables(db, options.schema);
  const migrations = await appliedMigrations(db);
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  // One read transaction, so the file is a consistent snapshot even while the app keeps writing.
  await db.transaction().execute(async (trx) => {
    await write({ format: BACKUP_FORMAT, version: 1, createdAt: (options.now ?? new Date()).toISOString(), migrations });
    for (const table of tables) {
      await write({ table: table.name, columns: table.columns });
      const orderColumns = table.primaryKey.length ? table.primaryKey : table.columns;
      let offset = 0;
      counts[table.name] = 0;
      for (;;) {
        let query = trx.selectFrom(table.name).selectAll();
        for (const col of orderColumns) query = query.orderBy(col);
        const rows = await query.limit(BATCH).offset(offset).execute();
        for (const row of rows) await write({ row: table.columns.map((c) => encodeValue((row as any)[c])) });
        counts[table.name] += rows.length;
        offset += rows.length;
        if (rows.length < BATCH) break;
      }
    }
  });
  gzip.end();
  await once(out, 'finish');
  return { file, tables: counts, migrations };
}

/**
 * Restore into a migrated, empty database (same migrations as the backup). One transaction:
 * a failed restore leaves the target as it was. Self-references (a parent department, a merged
 * customer) are filled in after all rows of the table exist.
 */
export async function restoreDatabase(db: Kysely<any>, file: string, options: { schema?: string } = {}): Promise<BackupSummary> {
  const tables = new Map((await describeTables(db, options.schema)).map((t) => [t.name, t]));
  const migrations = await appliedMigrations(db);
  const counts: Record<string, number> = {};
  let header: { format: string; migrations: string[] } | null = null;
  await db.transaction().execute(async (trx) => {
    for (const table of tables.values()) {
      const existing = await trx.selectFrom(table.name).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      if (Number((existing as any)?.n ?? 0) > 0 && table.name !== 'kysely_migration') {
        throw new Error(`restore needs an empty database, but table "${table.name}" has rows`);
      }
    }
    let current: { info: TableInfo; columns: string[]; selfRefs: string[]; buffer: any[]; deferred: any[] } | null = null;
    const flush = async () => {
      if (!current || current.buffer.length === 0) return;
      await trx.insertInto(current.info.name).values(current.buffer).execute();
      current.buffer = [];
    };
    const finishTable = async () => {
      if (!current) return;
      await flush();
      const pk = current.info.primaryKey[0];
      for (const d of current.deferred) {
        await trx.updateTable(current.info.name).set(d.values).where(pk, '=', d.id).execute();
      }
    };
    // Opened only now: readline drops lines emitted before iteration starts.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text) continue;
      const line = JSON.parse(text);
      if (!header) {
        if (line.format !== BACKUP_FORMAT) throw new Error('not an Aftersales backup file');
        header = line;
        const missing = line.migrations.filter((m: string) => !migrations.includes(m));
        if (missing.length) throw new Error(`backup needs newer migrations than this database has: ${missing.join(', ')}`);
        continue;
      }
      if (line.table) {
        await finishTable();
        const info = tables.get(line.table);
        if (!info) throw new Error(`backup has unknown table "${line.table}"`);
        const selfRefs = info.primaryKey.length === 1 ? info.foreignKeys.filter((fk) => fk.references === info.name).map((fk) => fk.column) : [];
        current = { info, columns: line.columns, selfRefs, buffer: [], deferred: [] };
        counts[info.name] = 0;
        continue;
      }
      if (!current) throw new Error('backup row before its table header');
      const record: Record<string, unknown> = {};
      current.columns.forEach((c, i) => {
        if (current!.info.columns.includes(c)) record[c] = decodeValue(line.row[i]);
      });
      const later: Record<string, unknown> = {};
      for (const col of current.selfRefs) {
        if (record[col] !== null && record[col] !== undefined) {
          later[col] = record[col];
          record[col] = null;
        }
      }
      if (Object.keys(later).length) current.deferred.push({ id: record[current.info.primaryKey[0]], values: later });
      current.buffer.push(record);
      counts[current.info.name] += 1;
      if (current.buffer.length >= 200) await flush();
    }
    await finishTable();
  });
  if (!header) throw new Error('backup file is empty');
  return { file, tables: counts, migrations: (header as any).migrations };
}
