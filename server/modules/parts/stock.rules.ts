/**
 * Pure rules of the stock ledger (R-PRT-1, R-PRT-2, R-PRT-4). No database here; the service applies them.
 */

export interface LevelQuantities {
  onHand: number;
  reserved: number;
}

/** What can be issued, reserved or moved: on hand minus reserved. */
export function availableOf(level: LevelQuantities): number {
  return level.onHand - level.reserved;
}

/**
 * The minimum in force at a location: the location's own minimum when set (0 switches alerts off
 * there), else the part's minimum — at warehouses only, since a van's stock is topped up by transfers
 * and has no meaningful company-wide minimum. null = no low-stock alert.
 */
export function lowStockThreshold(args: {
  locationMin: number | null;
  partMin: number;
  locationKind: 'warehouse' | 'van';
}): number | null {
  if (args.locationMin !== null && args.locationMin !== undefined) return args.locationMin > 0 ? args.locationMin : null;
  if (args.locationKind === 'warehouse' && args.partMin > 0) return args.partMin;
  return null;
}

/** Below the minimum: strictly less than the threshold. */
export function isLow(available: number, threshold: number | null): boolean {
  return threshold !== null && available < threshold;
}

export function shortageOf(available: number, threshold: number | null): number {
  return isLow(available, threshold) ? (threshold as number) - available : 0;
}

/** The low-stock alert should go out when a movement took availability from at-or-above to below the minimum, or lowered it further while below. */
export function shouldAlertLowStock(availableAfter: number, availableDelta: number, threshold: number | null): boolean {
  return availableDelta < 0 && isLow(availableAfter, threshold);
}

/** One alert per part, location and company day (the outbox's dedupe key). */
export function lowStockDedupeKey(partId: string, locationId: string, day: string, channel: string, recipient: string): string {
  return `parts.low-stock:${partId}:${locationId}:${day}:${channel}:${recipient}`;
}

/** The company's calendar date ('YYYY-MM-DD') of an instant. */
export function companyDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export interface LineLike {
  partId: string;
  locationId: string;
  quantity: number;
}

/**
 * Lines of one command, the same part at the same location summed, in a fixed order (location,
 * part) so concurrent commands lock stock rows in the same order and cannot deadlock. `index` is
 * the first request line that named the pair, for error paths.
 */
export function mergeLines<T extends LineLike>(lines: readonly T[]): (LineLike & { index: number })[] {
  const merged = new Map<string, LineLike & { index: number }>();
  lines.forEach((line, index) => {
    const key = `${line.locationId}\u0000${line.partId}`;
    const existing = merged.get(key);
    if (existing) existing.quantity += line.quantity;
    else merged.set(key, { partId: line.partId, locationId: line.locationId, quantity: line.quantity, index });
  });
  return [...merged.values()].sort((a, b) =>
    a.locationId === b.locationId ? compare(a.partId, b.partId) : compare(a.locationId, b.locationId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface HeldReservation {
  id: string;
  remaining: number;
}

/**
 * Which reservations an issue of `quantity` uses, oldest first, and how much must come from free
 * stock because the reservations do not cover it.
 */
export function planIssueFromReservations(
  reservations: readonly HeldReservation[],
  quantity: number,
): { fromReservations: { id: string; quantity: number }[]; fromAvailable: number } {
  let left = quantity;
  const fromReservations: { id: string; quantity: number }[] = [];
  for (const reservation of reservations) {
    if (left <= 0) break;
    if (reservation.remaining <= 0) continue;
    const take = Math.min(left, reservation.remaining);
    fromReservations.push({ id: reservation.id, quantity: take });
    left -= take;
  }
  return { fromReservations, fromAvailable: left };
}

/** State of a reservation once nothing is left: 'issued' when any of it was used, otherwise 'released'. */
export function reservationState(args: { quantity: number; issued: number; released: number }): 'active' | 'issued' | 'released' {
  if (args.issued + args.released < args.quantity) return 'active';
  return args.issued > 0 ? 'issued' : 'released';
}

/**
 * How much of a part can still come back for a reference: issued minus already returned. Ledger
 * quantities are signed (issue −, return +), so it is minus their sum.
 */
export function returnableQuantity(issueAndReturnQuantities: readonly number[]): number {
  const net = -issueAndReturnQuantities.reduce((sum, q) => sum + q, 0);
  return Math.max(0, net);
}
