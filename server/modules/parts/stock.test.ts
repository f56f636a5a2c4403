import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SparePart, StockLocation } from '../../../contracts/parts.js';
import { inTransaction } from '../../platform/context.js';
import type { UserActor } from '../../platform/permissions.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { makeSparePart, makeVan, makeWarehouse } from '../../testing/factories/parts.js';
import { issueParts, releaseReservations, reserveParts, returnParts } from './stock.service.js';

describe('stock ledger (库存 / 出入库)', () => {
  let t: TestApp;
  let admin: TestClient;
  let keeper: TestClient;
  let agent: TestClient;
  let tech1: TestClient;
  let tech2: TestClient;
  let wh: StockLocation;
  let van1: StockLocation;
  let van2: StockLocation;

  beforeAll(async () => {
    // long sessions: the low-stock test moves the clock to the next day
    t = await createTestApp({ config: { sessionTtlHours: 24 * 365 } });
    admin = await t.userWith(['admin']);
    keeper = await t.userWith(['warehouse']);
    agent = await t.userWith(['agent']);
    tech1 = await t.userWith(['technician']);
    tech2 = await t.userWith(['technician']);
    await t.database.db.updateTable('users').set({ email: 'cangku@example.com' }).where('id', '=', keeper.userId).execute();
    const ctx = t.systemContext();
    wh = await makeWarehouse(ctx, { code: 'WH-MAIN', name: '总仓' });
    van1 = await makeVan(ctx, tech1.userId, { code: 'VAN-1', name: '一号车' });
    van2 = await makeVan(ctx, tech2.userId, { code: 'VAN-2', name: '二号车' });
  });
  afterAll(async () => t.close());

  let part: SparePart;
  beforeEach(async () => {
    part = await makeSparePart(t.systemContext(), { unitOfMeasure: '个' });
  });

  const db = () => t.database.db;

  async function level(locationId: string, partId: string) {
    const row = await db()
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('location_id', '=', locationId)
      .where('part_id', '=', partId)
      .executeTakeFirst();
    return { onHand: Number(row?.on_hand ?? 0), reserved: Number(row?.reserved ?? 0) };
  }

  async function movementsOf(partId: string) {
    return db().selectFrom('stock_movements').selectAll().where('part_id', '=', partId).orderBy('at').orderBy('id').execute();
  }

  /** The ledger explains every level: sum of quantities = on hand, sum of reserved deltas = reserved. */
  async function expectLedgerBalances() {
    const levels = await db().selectFrom('stock_levels').selectAll().execute();
    for (const l of levels) {
      const sums = await db()
        .selectFrom('stock_movements')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('q'),
          eb.fn.coalesce(eb.fn.sum<number>('reserved_delta'), eb.lit(0)).as('r'),
        ])
        .where('location_id', '=', l.location_id)
        .where('part_id', '=', l.part_id)
        .executeTakeFirstOrThrow();
      expect({ level: l.id, onHand: Number(sums.q), reserved: Number(sums.r) }).toEqual({
        level: l.id,
        onHand: Number(l.on_hand),
        reserved: Number(l.reserved),
      });
    }
  }

  const receive = (quantity: number, locationId = wh.id, partId = part.id) =>
    keeper.post('/api/v1/stock/receive', {
      locationId,
      lines: [{ partId, quantity }],
      supplier: '宁波配件厂',
      reason: '采购入库',
    });

  describe('every movement kind', () => {
    it('receive: stock arrives with supplier and reason, one ledger row and one audit row', async () => {
      const res = await keeper.post('/api/v1/stock/receive', {
        locationId: wh.id,
        lines: [{ partId: part.id, quantity: 10 }],
        supplier: '宁波配件厂',
        reason: '采购入库',
        reference: { type: 'purchase', id: 'PO-2026-001' },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.movements).toHaveLength(1);
      expect(body.movements[0]).toMatchObject({
        kind: 'receive',
        quantity: 10,
        onHandAfter: 10,
        supplier: '宁波配件厂',
        reason: '采购入库',
        reference: { type: 'purchase', id: 'PO-2026-001' },
        actorId: keeper.userId,
        locationCode: 'WH-MAIN',
      });
      expect(body.levels[0]).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
      const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', body.movements[0].id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ entity: 'stock_movement', action: 'receive', actor_id: keeper.userId });
      expect(JSON.parse(audit[0].after!)).toMatchObject({ partId: part.id, locationId: wh.id, quantity: 10, onHandAfter: 10 });
    });

    it('transfer: warehouse → van and back, two linked movements in one go', async () => {
      await receive(10);
      const res = await keeper.post('/api/v1/stock/transfer', {
        fromLocationId: wh.id,
        toLocationId: van1.id,
        lines: [{ partId: part.id, quantity: 4 }],
        reason: '补车载库',
      });
      expect(res.statusCode).toBe(200);
      const moves = res.json().movements;
      expect(moves.map((m: any) => [m.kind, m.locationId, m.quantity])).toEqual(
        expect.arrayContaining([
          ['transfer_out', wh.id, -4],
          ['transfer_in', van1.id, 4],
        ]),
      );
      expect(moves[0].transferId).toBeTruthy();
      expect(moves[0].transferId).toBe(moves[1].transferId);
      expect(await level(wh.id, part.id)).toEqual({ onHand: 6, reserved: 0 });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 4, reserved: 0 });

      const back = await keeper.post('/api/v1/stock/transfer', {
        fromLocationId: van1.id,
        toLocationId: wh.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(back.statusCode).toBe(200);
      expect(await level(van1.id, part.id)).toEqual({ onHand: 3, reserved: 0 });
      const ledger = (await keeper.get(`/api/v1/stock-movements?transferId=${moves[0].transferId}`)).json();
      expect(ledger.items).toHaveLength(2);
    });

    it('reserve → issue from the reservation → release the rest', async () => {
      await receive(5, van1.id);
      const appointment = { type: 'appointment', id: 'APPT-1' };
      const reserved = await tech1.post('/api/v1/stock/reserve', {
        reference: appointment,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 3 }],
      });
      expect(reserved.statusCode).toBe(200);
      const reservation = reserved.json().reservations[0];
      expect(reservation).toMatchObject({ quantity: 3, remaining: 3, state: 'active', reference: appointment });
      expect(reserved.json().movements[0]).toMatchObject({
        kind: 'reserve',
        quantity: 0,
        reservedDelta: 3,
        onHandAfter: 5,
        reservedAfter: 3,
      });
      expect(reserved.json().levels[0]).toMatchObject({ onHand: 5, reserved: 3, available: 2 });

      // the technician used 2 on the work order: taken from the appointment's reservation
      const issued = await tech1.post('/api/v1/stock/issue', {
        reference: { type: 'work_order', id: 'WO-1' },
        fromReservation: appointment,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 2 }],
      });
      expect(issued.statusCode).toBe(200);
      expect(issued.json().movements).toEqual([
        expect.objectContaining({
          kind: 'issue',
          quantity: -2,
          reservedDelta: -2,
          reservationId: reservation.id,
          reference: { type: 'work_order', id: 'WO-1' },
        }),
      ]);
      expect(issued.json().reservations[0]).toMatchObject({ issuedQuantity: 2, remaining: 1, state: 'active' });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 3, reserved: 1 });

      const released = await tech1.post('/api/v1/stock/release', { reference: appointment });
      expect(released.statusCode).toBe(200);
      expect(released.json().movements).toEqual([expect.objectContaining({ kind: 'release', quantity: 0, reservedDelta: -1 })]);
      expect(released.json().reservations[0]).toMatchObject({ releasedQuantity: 1, remaining: 0, state: 'issued' });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 3, reserved: 0 });

      const again = await tech1.post('/api/v1/stock/release', { reservationId: reservation.id });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('illegal_transition');
      await expectLedgerBalances();
    });

    it('a reservation released unused ends as released; reserved stock cannot be issued to someone else', async () => {
      await receive(2);
      const r = await keeper.post('/api/v1/stock/reserve', {
        reference: { type: 'case', id: 'BX-2026-000001' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 2 }],
      });
      const other = await keeper.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'BX-2026-000002' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 1 }],
      });
      expect(other.statusCode).toBe(409);
      expect(other.json().error).toMatchObject({
        code: 'insufficient_stock',
        details: { available: 0, requested: 1, reserved: 2 },
      });

      const released = await keeper.post('/api/v1/stock/release', { reservationId: r.json().reservations[0].id });
      expect(released.json().reservations[0]).toMatchObject({ state: 'released', releasedQuantity: 2 });
      expect(
        (
          await keeper.post('/api/v1/stock/issue', {
            reference: { type: 'case', id: 'BX-2026-000002' },
            lines: [{ partId: part.id, locationId: wh.id, quantity: 1 }],
          })
        ).statusCode,
      ).toBe(200);
    });

    it('issue directly from available, then return unused parts — never more than was issued', async () => {
      await receive(6, van1.id);
      const ref = { type: 'case', id: 'BX-2026-000010' };
      const issued = await tech1.post('/api/v1/stock/issue', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 4 }],
      });
      expect(issued.json().movements[0]).toMatchObject({
        kind: 'issue',
        quantity: -4,
        reservedDelta: 0,
        onHandAfter: 2,
        reservationId: null,
      });

      const tooMany = await tech1.post('/api/v1/stock/return', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 5 }],
      });
      expect(tooMany.statusCode).toBe(422);
      expect(tooMany.json().error).toMatchObject({ code: 'return_exceeds_issued', details: { returnable: 4, requested: 5 } });

      const returned = await tech1.post('/api/v1/stock/return', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 3 }],
        reason: '未使用',
      });
      expect(returned.statusCode).toBe(200);
      expect(returned.json().movements[0]).toMatchObject({ kind: 'return', quantity: 3, onHandAfter: 5, reason: '未使用' });
      const rest = await tech1.post('/api/v1/stock/return', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 2 }],
      });
      expect(rest.statusCode).toBe(422);
      expect(rest.json().error.details.returnable).toBe(1);
      await expectLedgerBalances();
    });

    it('adjust: up or down with a mandatory reason; never below what is reserved', async () => {
      await receive(5);
      const up = await keeper.post('/api/v1/stock/adjust', { locationId: wh.id, partId: part.id, quantity: 2, reason: '盘盈' });
      expect(up.json().movements[0]).toMatchObject({ kind: 'adjust', quantity: 2, onHandAfter: 7, reason: '盘盈' });
      const down = await keeper.post('/api/v1/stock/adjust', {
        locationId: wh.id,
        partId: part.id,
        quantity: -3,
        reason: '损坏报废',
      });
      expect(down.json().movements[0]).toMatchObject({ kind: 'adjust', quantity: -3, onHandAfter: 4 });

      const noReason = await keeper.post('/api/v1/stock/adjust', { locationId: wh.id, partId: part.id, quantity: -1 });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details.map((d: any) => d.path.join('.'))).toContain('body.reason');
      const blankReason = await keeper.post('/api/v1/stock/adjust', {
        locationId: wh.id,
        partId: part.id,
        quantity: -1,
        reason: '   ',
      });
      expect(blankReason.statusCode).toBe(400);
      const zero = await keeper.post('/api/v1/stock/adjust', { locationId: wh.id, partId: part.id, quantity: 0, reason: 'x' });
      expect(zero.statusCode).toBe(400);

      await keeper.post('/api/v1/stock/reserve', {
        reference: { type: 'case', id: 'C-ADJ' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 3 }],
      });
      const belowReserved = await keeper.post('/api/v1/stock/adjust', {
        locationId: wh.id,
        partId: part.id,
        quantity: -2,
        reason: '丢失',
      });
      expect(belowReserved.statusCode).toBe(409);
      expect(belowReserved.json().error).toMatchObject({ code: 'insufficient_stock', details: { available: 1, requested: 2 } });
      expect(await level(wh.id, part.id)).toEqual({ onHand: 4, reserved: 3 });

      const byTech = await tech1.post('/api/v1/stock/adjust', {
        locationId: van1.id,
        partId: part.id,
        quantity: 1,
        reason: '多出',
      });
      expect(byTech.statusCode).toBe(403);
      const byAgent = await agent.post('/api/v1/stock/adjust', {
        locationId: wh.id,
        partId: part.id,
        quantity: 1,
        reason: '多出',
      });
      expect(byAgent.statusCode).toBe(403);
      await expectLedgerBalances();
    });
  });

  describe('stock never goes negative', () => {
    it('refuses an issue beyond what is available with 409 insufficient_stock and the available quantity', async () => {
      await receive(2);
      const res = await keeper.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'C-1' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 3 }],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'insufficient_stock',
        details: { path: ['body', 'lines', 0, 'quantity'], partId: part.id, locationId: wh.id, requested: 3, available: 2 },
      });
      expect(await level(wh.id, part.id)).toEqual({ onHand: 2, reserved: 0 });
    });

    it('refuses stock that was never received at that location (available 0)', async () => {
      const res = await keeper.post('/api/v1/stock/transfer', {
        fromLocationId: van2.id,
        toLocationId: wh.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details).toMatchObject({ available: 0, requested: 1 });
    });

    it('a failing transfer changes nothing: no half moves, no ledger rows, no audit rows', async () => {
      const second = await makeSparePart(t.systemContext());
      await receive(5);
      await receive(1, wh.id, second.id);
      const ledgerBefore = await db()
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const auditBefore = await db()
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const res = await keeper.post('/api/v1/stock/transfer', {
        fromLocationId: wh.id,
        toLocationId: van1.id,
        lines: [
          { partId: part.id, quantity: 5 },
          { partId: second.id, quantity: 2 },
        ],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details).toMatchObject({ partId: second.id, path: ['body', 'lines', 1, 'quantity'], available: 1 });
      expect(await level(wh.id, part.id)).toEqual({ onHand: 5, reserved: 0 });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 0, reserved: 0 });
      expect(await level(wh.id, second.id)).toEqual({ onHand: 1, reserved: 0 });
      const ledgerAfter = await db()
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const auditAfter = await db()
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(ledgerAfter.n)).toBe(Number(ledgerBefore.n));
      expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
    });

    it('refuses a transfer to the same location with 400 on the field', async () => {
      const res = await keeper.post('/api/v1/stock/transfer', {
        fromLocationId: wh.id,
        toLocationId: wh.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toEqual(['body', 'toLocationId']);
    });

    it('10 concurrent issues of the last 3 units: exactly 3 succeed, 7 get 409, on hand ends at 0', async () => {
      await receive(3, van1.id);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          tech1.post('/api/v1/stock/issue', {
            reference: { type: 'work_order', id: `RACE-${i}` },
            lines: [{ partId: part.id, locationId: van1.id, quantity: 1 }],
          }),
        ),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 409)).toHaveLength(7);
      for (const r of results.filter((x) => x.statusCode === 409)) {
        expect(r.json().error).toMatchObject({ code: 'insufficient_stock', details: { available: 0, requested: 1 } });
      }
      expect(await level(van1.id, part.id)).toEqual({ onHand: 0, reserved: 0 });
      const issues = (await movementsOf(part.id)).filter((m) => m.kind === 'issue');
      expect(issues).toHaveLength(3);
      expect(issues.map((m) => Number(m.on_hand_after)).sort()).toEqual([0, 1, 2]);
      await expectLedgerBalances();
    });

    it('concurrent returns to the same case never return more than was issued', async () => {
      await receive(4, van1.id);
      const ref = { type: 'case', id: 'BX-2026-000077' };
      await tech1.post('/api/v1/stock/issue', { reference: ref, lines: [{ partId: part.id, locationId: van1.id, quantity: 3 }] });
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          tech1.post('/api/v1/stock/return', { reference: ref, lines: [{ partId: part.id, locationId: van1.id, quantity: 1 }] }),
        ),
      );
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3);
      expect(results.filter((r) => r.statusCode === 422).map((r) => r.json().error.code)).toEqual(Array(3).fill('return_exceeds_issued'));
      expect(await level(van1.id, part.id)).toEqual({ onHand: 4, reserved: 0 });
      await expectLedgerBalances();
    });

    it('concurrent reservations of the last units never reserve more than is on hand', async () => {
      await receive(2);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          keeper.post('/api/v1/stock/reserve', {
            reference: { type: 'appointment', id: `A-RACE-${i}` },
            lines: [{ partId: part.id, locationId: wh.id, quantity: 1 }],
          }),
        ),
      );
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(2);
      expect(results.filter((r) => r.statusCode === 409)).toHaveLength(4);
      expect(await level(wh.id, part.id)).toEqual({ onHand: 2, reserved: 2 });
    });
  });

  describe("a technician uses only his own van's stock", () => {
    it("issues from his own van, not from another technician's van or the warehouse (403)", async () => {
      await receive(3, van1.id);
      await receive(3, van2.id);
      const ref = { type: 'work_order', id: 'WO-OWN' };
      const own = await tech1.post('/api/v1/stock/issue', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van1.id, quantity: 1 }],
      });
      expect(own.statusCode).toBe(200);
      const others = await tech1.post('/api/v1/stock/issue', {
        reference: ref,
        lines: [{ partId: part.id, locationId: van2.id, quantity: 1 }],
      });
      expect(others.statusCode).toBe(403);
      expect(others.json().error.code).toBe('forbidden');
      const fromWarehouse = await tech1.post('/api/v1/stock/reserve', {
        reference: ref,
        lines: [{ partId: part.id, locationId: wh.id, quantity: 1 }],
      });
      expect(fromWarehouse.statusCode).toBe(403);
      expect(await level(van2.id, part.id)).toEqual({ onHand: 3, reserved: 0 });

      const cannotReceive = await tech1.post('/api/v1/stock/receive', {
        locationId: van1.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(cannotReceive.statusCode).toBe(403);
      const cannotTransfer = await tech1.post('/api/v1/stock/transfer', {
        fromLocationId: van1.id,
        toLocationId: van2.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(cannotTransfer.statusCode).toBe(403);
      const agentIssue = await agent.post('/api/v1/stock/issue', {
        reference: ref,
        lines: [{ partId: part.id, locationId: wh.id, quantity: 1 }],
      });
      expect(agentIssue.statusCode).toBe(403);
    });

    it("cannot release another technician's reservation", async () => {
      await receive(2, van2.id);
      const r = await tech2.post('/api/v1/stock/reserve', {
        reference: { type: 'appointment', id: 'A-T2' },
        lines: [{ partId: part.id, locationId: van2.id, quantity: 1 }],
      });
      const res = await tech1.post('/api/v1/stock/release', { reservationId: r.json().reservations[0].id });
      expect(res.statusCode).toBe(403);
      expect(await level(van2.id, part.id)).toEqual({ onHand: 2, reserved: 1 });
    });
  });

  describe('low-stock alerts (R-PRT-4)', () => {
    const alertsFor = (partId: string) =>
      db()
        .selectFrom('outbox_messages')
        .selectAll()
        .where('dedupe_key', 'like', `parts.low-stock:${partId}:%`)
        .orderBy('id')
        .execute();

    it('alerts the warehouse staff once a day per part and location when available drops below the minimum', async () => {
      const watched = await makeSparePart(t.systemContext(), { code: 'LOW-1', name: '密封圈', minStock: 5 });
      await receive(7, wh.id, watched.id);
      expect(await alertsFor(watched.id)).toHaveLength(0);

      const issue = (n: number, id: string) =>
        keeper.post('/api/v1/stock/issue', {
          reference: { type: 'case', id },
          lines: [{ partId: watched.id, locationId: wh.id, quantity: n }],
        });
      await issue(2, 'L-1'); // 5 left: not below the minimum yet
      expect(await alertsFor(watched.id)).toHaveLength(0);

      await issue(1, 'L-2'); // 4 left: below
      const first = await alertsFor(watched.id);
      // one in-app message and one e-mail (the keeper has an address) to the warehouse user
      expect(first.map((m) => [m.channel, m.recipient]).sort()).toEqual([
        ['email', 'cangku@example.com'],
        ['in_app', keeper.userId],
      ]);
      expect(first[0].subject).toContain('LOW-1');
      expect(first[0].body).toContain('4');

      await issue(1, 'L-3'); // 3 left, same day: no second alert
      expect(await alertsFor(watched.id)).toHaveLength(2);

      t.clock.advance(24 * 3600 * 1000);
      await issue(1, 'L-4'); // the next day it is said again
      expect(await alertsFor(watched.id)).toHaveLength(4);

      const low = (await agent.get(`/api/v1/parts/low-stock?locationId=${wh.id}`)).json();
      expect(low.items.find((l: any) => l.partId === watched.id)).toMatchObject({
        available: 2,
        threshold: 5,
        low: true,
        shortage: 3,
      });
      const lowLevels = (await agent.get('/api/v1/stock-levels?lowOnly=true&q=LOW-1')).json();
      expect(lowLevels.items).toHaveLength(1);
    });

    it("uses a location's own minimum (also for vans) and no alert where none is set", async () => {
      const vanPart = await makeSparePart(t.systemContext(), { minStock: 10 });
      await receive(3, van1.id, vanPart.id);
      await tech1.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'V-1' },
        lines: [{ partId: vanPart.id, locationId: van1.id, quantity: 1 }],
      });
      expect(await alertsFor(vanPart.id)).toHaveLength(0); // the part's minimum is for warehouses

      const current = (await keeper.get(`/api/v1/stock-levels?locationId=${van1.id}&partId=${vanPart.id}`)).json().items[0];
      const set = await keeper.put('/api/v1/stock-levels/minimum', {
        locationId: van1.id,
        partId: vanPart.id,
        minQuantity: 2,
        version: current.version,
      });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ minQuantity: 2, threshold: 2, low: false, version: current.version + 1 });
      const stale = await keeper.put('/api/v1/stock-levels/minimum', {
        locationId: van1.id,
        partId: vanPart.id,
        minQuantity: 3,
        version: current.version,
      });
      expect(stale.statusCode).toBe(409);

      await tech1.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'V-2' },
        lines: [{ partId: vanPart.id, locationId: van1.id, quantity: 1 }],
      });
      expect(await alertsFor(vanPart.id)).toHaveLength(1 + 1); // in-app + e-mail
    });

    it('a failed issue sends no alert', async () => {
      const p = await makeSparePart(t.systemContext(), { minStock: 5 });
      await receive(5, wh.id, p.id);
      const fail = await keeper.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'F-1' },
        lines: [
          { partId: p.id, locationId: wh.id, quantity: 1 },
          { partId: part.id, locationId: wh.id, quantity: 1 },
        ],
      });
      expect(fail.statusCode).toBe(409);
      expect(await alertsFor(p.id)).toHaveLength(0);
      expect(await level(wh.id, p.id)).toEqual({ onHand: 5, reserved: 0 });
    });
  });

  describe('the ledger (出入库记录)', () => {
    it('filters by part, location, kind, reference and date range, newest first', async () => {
      t.clock.advance(3600_000);
      const start = t.clock.now().toISOString();
      await receive(5);
      t.clock.advance(60_000);
      await keeper.post('/api/v1/stock/issue', {
        reference: { type: 'case', id: 'LEDGER-1' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 2 }],
      });
      t.clock.advance(60_000);
      const end = t.clock.now().toISOString();

      const all = (await agent.get(`/api/v1/stock-movements?partId=${part.id}`)).json();
      expect(all.items.map((m: any) => m.kind)).toEqual(['issue', 'receive']);
      expect(all.items[0]).toMatchObject({
        partCode: part.code,
        locationName: '总仓',
        unitOfMeasure: '个',
        actorName: expect.any(String),
      });

      const byKind = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&kind=receive`)).json();
      expect(byKind.items).toHaveLength(1);
      const byRef = (await agent.get('/api/v1/stock-movements?referenceType=case&referenceId=LEDGER-1')).json();
      expect(byRef.items.map((m: any) => m.quantity)).toEqual([-2]);
      const byLocation = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&locationId=${van1.id}`)).json();
      expect(byLocation.items).toHaveLength(0);
      const inRange = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&from=${start}&to=${end}`)).json();
      expect(inRange.items).toHaveLength(2);
      const before = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&to=${start}`)).json();
      expect(before.items).toHaveLength(0);

      const page1 = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&limit=1`)).json();
      const page2 = (await agent.get(`/api/v1/stock-movements?partId=${part.id}&limit=1&cursor=${page1.nextCursor}`)).json();
      expect([...page1.items, ...page2.items].map((m: any) => m.kind)).toEqual(['issue', 'receive']);
    });

    it('exports stock levels as XLSX with Chinese headers', async () => {
      await receive(4);
      const res = await keeper.get(`/api/v1/stock-levels/export?partId=${part.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as any);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).values).toEqual(
        expect.arrayContaining(['库位编码', '备件编码', '备件名称', '现存量', '已预留', '可用量']),
      );
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(4).value).toBe(part.code);
      expect(sheet.getRow(2).getCell(8).value).toBe(4);
    });
  });

  describe('for other modules: the exported functions run in the caller’s transaction', () => {
    const ctxOf = (client: TestClient): ReturnType<TestApp['systemContext']> => {
      const actor: UserActor = {
        kind: 'user',
        id: client.userId,
        username: client.username,
        displayName: client.username,
        roles: ['technician'],
        departmentId: null,
      };
      return { ...t.systemContext(), actor };
    };

    it('reserve, issue, return and release commit with the caller, and roll back with it', async () => {
      await receive(5, van1.id);
      const ctx = ctxOf(tech1);
      const appointment = { type: 'appointment' as const, id: 'EXP-A1' };
      const workOrder = { type: 'work_order' as const, id: 'EXP-WO1' };

      await inTransaction(ctx, async (tx) => {
        await reserveParts(tx, { reference: appointment, lines: [{ partId: part.id, locationId: van1.id, quantity: 3 }] });
      });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 5, reserved: 3 });

      // the caller's command fails after issuing: the issue is undone with it
      await expect(
        inTransaction(ctx, async (tx) => {
          await issueParts(tx, {
            reference: workOrder,
            fromReservation: appointment,
            lines: [{ partId: part.id, locationId: van1.id, quantity: 2 }],
          });
          throw new Error('the work order could not be saved');
        }),
      ).rejects.toThrow('could not be saved');
      expect(await level(van1.id, part.id)).toEqual({ onHand: 5, reserved: 3 });

      const result = await inTransaction(ctx, async (tx) => {
        const issued = await issueParts(tx, {
          reference: workOrder,
          fromReservation: appointment,
          lines: [{ partId: part.id, locationId: van1.id, quantity: 2 }],
        });
        const returned = await returnParts(tx, {
          reference: workOrder,
          lines: [{ partId: part.id, locationId: van1.id, quantity: 1 }],
        });
        const released = await releaseReservations(tx, appointment);
        return { issued, returned, released };
      });
      expect(result.issued.movements[0]).toMatchObject({ kind: 'issue', reservedDelta: -2 });
      expect(result.released.movements[0]).toMatchObject({ kind: 'release', reservedDelta: -1 });
      expect(await level(van1.id, part.id)).toEqual({ onHand: 4, reserved: 0 });

      // another technician's context cannot use tech1's van through the functions either
      await expect(
        inTransaction(ctxOf(tech2), (tx) =>
          issueParts(tx, { reference: workOrder, lines: [{ partId: part.id, locationId: van1.id, quantity: 1 }] }),
        ),
      ).rejects.toMatchObject({ statusCode: 403 });
      await expectLedgerBalances();
    });

    it('lists reservations by reference', async () => {
      await receive(2);
      await keeper.post('/api/v1/stock/reserve', {
        reference: { type: 'appointment', id: 'LIST-R' },
        lines: [{ partId: part.id, locationId: wh.id, quantity: 2 }],
      });
      const list = (await agent.get('/api/v1/stock-reservations?referenceType=appointment&referenceId=LIST-R')).json();
      expect(list.items).toEqual([expect.objectContaining({ partId: part.id, quantity: 2, remaining: 2, state: 'active' })]);
    });
  });

  it('the ledger explains every stock level at the end of it all', async () => {
    await expectLedgerBalances();
    // and the CHECKs hold: nothing negative, nothing over-reserved
    const bad = await db()
      .selectFrom('stock_levels')
      .selectAll()
      .where((eb) => eb.or([eb('on_hand', '<', 0), eb('reserved', '<', 0), eb('reserved', '>', eb.ref('on_hand'))]))
      .execute();
    expect(bad).toEqual([]);
    expect(admin).toBeTruthy();
  });
});
