import { webcrypto } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * Random bits for ids drawn from a 4 KiB buffer of crypto-grade random values refilled when used
 * up: uuidv7's default buffer holds 8 values, so about every third id asked the OS for more
 * (a thread-pool job each time, ~2 % of the CPU of opening a case).
 */
const randomPool = {
  values: new Uint32Array(1024),
  next: 1024,
  nextUint32(): number {
    if (this.next >= this.values.length) {
      webcrypto.getRandomValues(this.values);
      this.next = 0;
    }
    return this.values[this.next++];
  },
};

const ids = new V7Generator(randomPool);

/** Sortable unique ids made in the app (UUIDv7, monotonic within this process), so rows can move between databases. */
export function newId(): string {
  return ids.generate().toString();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isId(value: string): boolean {
  return UUID_RE.test(value);
}
