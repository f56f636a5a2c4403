import { type SelectQueryBuilder, sql } from 'kysely';
import { BadRequestError } from './errors.js';

/**
 * Cursor (keyset) pagination with a chosen sort. A cursor carries the last row's sort
 * value and id, so pages stay stable while rows are added. Sort columns must be NOT NULL.
 */
export interface PageQuery {
  cursor?: string;
  limit?: number;
  /** field name, `-field` for descending */
  sort?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SortSpec {
  /** API sort field → SQL column reference (e.g. `customers.name_sort`) */
  fields: Record<string, string>;
  /** the unique tie-breaker column, e.g. `customers.id` */
  idColumn: string;
  defaultSort: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      if (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') return parsed as [string | number, string];
    }
  } catch {
    // fall through
  }
  throw new BadRequestError('Invalid cursor', [{ path: ['cursor'], message: 'invalid cursor' }]);
}

export function parseSort(spec: SortSpec, sort?: string): { field: string; column: string; desc: boolean } {
  const raw = sort ?? spec.defaultSort;
  const desc = raw.startsWith('-');
  const field = desc ? raw.slice(1) : raw;
  const column = spec.fields[field];
  if (!column) {
    throw new BadRequestError(`Cannot sort by "${field}"`, [
      { path: ['sort'], message: `allowed: ${Object.keys(spec.fields).join(', ')}` },
    ]);
  }
  return { field, column, desc };
}

/** Apply sort, cursor and limit; run it; return one page. Rows get a hidden `_sort` column. */
export async function paginate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  spec: SortSpec,
  page: PageQuery,
): Promise<Page<O>> {
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const { column, desc } = parseSort(spec, page.sort);
  let q = query.select(sql.ref(column).as('_sort') as any) as any;
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor);
    const op = desc ? '<' : '>';
    q = q.where((eb: any) =>
      eb.or([
        eb(sql.ref(column), op, value),
        eb.and([eb(sql.ref(column), '=', value), eb(sql.ref(spec.idColumn), op, id)]),
      ]),
    );
  }
  const direction = desc ? 'desc' : 'asc';
  q = q.orderBy(sql.ref(column), direction).orderBy(sql.ref(spec.idColumn), direction).limit(limit + 1);
  const rows: any[] = await q.execute();
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const idField = spec.idColumn.split('.').pop() as string;
  const nextCursor = hasMore && last ? encodeCursor(last._sort, String(last[idField])) : null;
  for (const row of items) delete row._sort;
  return { items, nextCursor };
}
