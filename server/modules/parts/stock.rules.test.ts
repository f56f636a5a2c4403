import { describe, expect, it } from 'vitest';
import {
  availableOf,
  companyDay,
  isLow,
  lowStockDedupeKey,
  lowStockThreshold,
  mergeLines,
  planIssueFromReservations,
  reservationState,
  returnableQuantity,
  shortageOf,
  shouldAlertLowStock,
} from './stock.rules.js';

describe('availability', () => {
  it('is on hand minus reserved', () => {
    expect(availableOf({ onHand: 10, reserved: 3 })).toBe(7);
    expect(availableOf({ onHand: 3, reserved: 3 })).toBe(0);
    expect(availableOf({ onHand: 0, reserved: 0 })).toBe(0);
  });
});

describe('low-stock threshold', () => {
  it("uses the location's own minimum when it is set", () => {
    expect(lowStockThreshold({ locationMin: 4, partMin: 10, locationKind: 'warehouse' })).toBe(4);
    expect(lowStockThreshold({ locationMin: 2, partMin: 0, locationKind: 'van' })).toBe(2);
  });
  it("switches alerts off at a location whose own minimum is 0, whatever the part's minimum", () => {
    expect(lowStockThreshold({ locationMin: 0, partMin: 10, locationKind: 'warehouse' })).toBeNull();
  });
  it("falls back to the part's minimum at warehouses only", () => {
    expect(lowStockThreshold({ locationMin: null, partMin: 10, locationKind: 'warehouse' })).toBe(10);
    expect(lowStockThreshold({ locationMin: null, partMin: 10, locationKind: 'van' })).toBeNull();
  });
  it("has no threshold when the part's minimum is 0", () => {
    expect(lowStockThreshold({ locationMin: null, partMin: 0, locationKind: 'warehouse' })).toBeNull();
  });
});

describe('low and shortage', () => {
  it('is low strictly below the threshold', () => {
    expect(isLow(4, 5)).toBe(true);
    expect(isLow(5, 5)).toBe(false);
    expect(isLow(0, null)).toBe(false);
    expect(shortageOf(2, 5)).toBe(3);
    expect(shortageOf(5, 5)).toBe(0);
    expect(shortageOf(0, null)).toBe(0);
  });
  it('alerts only when a movement lowered availability and left it below the minimum', () => {
    expect(shouldAlertLowStock(4, -1, 5)).toBe(true);
    expect(shouldAlertLowStock(2, -2, 5)).toBe(true);
    expect(shouldAlertLowStock(5, -1, 5)).toBe(false);
    // receiving while still below the minimum, or issuing from a reservation (availability unchanged): no alert
    expect(shouldAlertLowStock(3, 2, 5)).toBe(false);
    expect(shouldAlertLowStock(3, 0, 5)).toBe(false);
    expect(shouldAlertLowStock(0, -3, null)).toBe(false);
  });
  it('dedupes per part, location, day, channel and recipient', () => {
    const a = lowStockDedupeKey('p', 'l', '2026-03-02', 'in_app', 'u1');
    expect(a).toBe(lowStockDedupeKey('p', 'l', '2026-03-02', 'in_app', 'u1'));
    expect(a).not.toBe(lowStockDedupeKey('p', 'l', '2026-03-03', 'in_app', 'u1'));
    expect(a).not.toBe(lowStockDedupeKey('p', 'l2', '2026-03-02', 'in_app', 'u1'));
    expect(a).not.toBe(lowStockDedupeKey('p', 'l', '2026-03-02', 'email', 'u1'));
  });
});

describe('company day', () => {
  it('is the date in the company time zone, not in UTC', () => {
    // 2026-03-02 17:30 UTC is already 3 March 01:30 in Shanghai
    expect(companyDay(new Date('2026-03-02T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-03');
    expect(companyDay(new Date('2026-03-02T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(companyDay(new Date('2026-03-02T17:30:00Z'), 'UTC')).toBe('2026-03-02');
  });
});

describe('merging command lines', () => {
  it('sums the same part at the same location and keeps the first line index', () => {
    const merged = mergeLines([
      { partId: 'p2', locationId: 'l1', quantity: 1 },
      { partId: 'p1', locationId: 'l1', quantity: 2 },
      { partId: 'p2', locationId: 'l1', quantity: 3 },
    ]);
    expect(merged).toEqual([
      { partId: 'p1', locationId: 'l1', quantity: 2, index: 1 },
      { partId: 'p2', locationId: 'l1', quantity: 4, index: 0 },
    ]);
  });
  it('orders by location then part, so concurrent commands lock rows in the same order', () => {
    const merged = mergeLines([
      { partId: 'a', locationId: 'z', quantity: 1 },
      { partId: 'b', locationId: 'a', quantity: 1 },
      { partId: 'a', locationId: 'a', quantity: 1 },
    ]);
    expect(merged.map((l) => `${l.locationId}/${l.partId}`)).toEqual(['a/a', 'a/b', 'z/a']);
  });
  it('keeps the same part at two locations apart', () => {
    expect(
      mergeLines([
        { partId: 'p', locationId: 'l1', quantity: 1 },
        { partId: 'p', locationId: 'l2', quantity: 1 },
      ]),
    ).toHaveLength(2);
  });
});

describe('issuing from reservations', () => {
  it('uses the oldest reservations first, then free stock', () => {
    expect(
      planIssueFromReservations(
        [
          { id: 'r1', remaining: 2 },
          { id: 'r2', remaining: 3 },
        ],
        4,
      ),
    ).toEqual({
      fromReservations: [
        { id: 'r1', quantity: 2 },
        { id: 'r2', quantity: 2 },
      ],
      fromAvailable: 0,
    });
  });
  it('takes the rest from available stock when reservations do not cover the issue', () => {
    expect(planIssueFromReservations([{ id: 'r1', remaining: 2 }], 5)).toEqual({
      fromReservations: [{ id: 'r1', quantity: 2 }],
      fromAvailable: 3,
    });
  });
  it('issues from free stock only when nothing is reserved, and skips used-up reservations', () => {
    expect(planIssueFromReservations([], 2)).toEqual({ fromReservations: [], fromAvailable: 2 });
    expect(
      planIssueFromReservations(
        [
          { id: 'r0', remaining: 0 },
          { id: 'r1', remaining: 1 },
        ],
        1,
      ),
    ).toEqual({
      fromReservations: [{ id: 'r1', quantity: 1 }],
      fromAvailable: 0,
    });
  });
});

describe('reservation state', () => {
  it('stays active while anything is held', () => {
    expect(reservationState({ quantity: 3, issued: 1, released: 0 })).toBe('active');
  });
  it('is issued once used up with any use, released when nothing was used', () => {
    expect(reservationState({ quantity: 3, issued: 3, released: 0 })).toBe('issued');
    expect(reservationState({ quantity: 3, issued: 1, released: 2 })).toBe('issued');
    expect(reservationState({ quantity: 3, issued: 0, released: 3 })).toBe('released');
  });
});

describe('returnable quantity', () => {
  it('is what was issued to the reference minus what came back', () => {
    expect(returnableQuantity([-3, -2, 1])).toBe(4);
    expect(returnableQuantity([-1, 1])).toBe(0);
    expect(returnableQuantity([])).toBe(0);
  });
});
