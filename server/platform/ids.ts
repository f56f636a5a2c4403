import { uuidv7 } from 'uuidv7';

/** Sortable unique ids made in the app, so rows can move between databases. */
export function newId(): string {
  return uuidv7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isId(value: string): boolean {
  return UUID_RE.test(value);
}
