import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../customers/customers.service.js';
import { createOrder } from '../customers/orders.service.js';
import { createUnit } from '../customers/units.service.js';
import { inTransaction } from '../../platform/context.js';
import { onRepairCaseFinished } from './warranty.service.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { prepareCaseCore } from '../../testing/factories/cases.js';
import { customerInput, makeProduct, unitInput } from '../../testing/factories/customers.js';

/**
 * Warranty, returns and 三包 through HTTP on a real database (R-WAR-1..6): entitlement by unit and
 * by serial, the claim flow with each decision, return to factory with the ship-back deadline on
 * the 2026 calendar (春节 and its make-up Saturdays), replacement, refund by rule, defective parts,
 * illegal transitions, bad input and permissions.
 */
describe('warranty', () => {
  let t: TestApp;
  let agent: TestClient;
  let supervisor: TestClient;
  let quality: TestClient;
  let finance: TestClient;
  let technician: TestClient;
  let admin: TestClient;
  let product: Awaited<ReturnType<typeof makeProduct>>;
  let otherProduct: Awaited<ReturnType<typeof makeProduct>>;

  const TUE_1000 = '2026-02-10T02:00:00.000Z'; // Tuesday 10 Feb 2026, 10:00 in Shanghai
  const db = () => t.database.db;
  const sys = () => t.systemContext();

  beforeAll(async () => {
    t = await createTestApp({ now: TUE_1000, config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(sys());
    agent = await t.userWith(['agent']);
    supervisor = await t.userWith(['supervisor']);
    quality = await t.userWith(['quality']);
    finance = await t.userWith(['finance']);
    technician = await t.userWith(['technician']);
    admin = await t.userWith(['admin']);
    product = await makeProduct(db(), { model: 'KT-35GW', name: '壁挂式空调 1.5匹', defaultWarrantyMonths: 12, postRepairWarrantyDays: 90 });
    otherProduct = await makeProduct(db(), { model: 'KT-50GW', name: '壁挂式空调 2匹' });
  });
  afterAll(async () => t.close());

  let serial = 0;
  async function makeUnit(fields: { purchaseDate?: string | null; productId?: string; orderId?: string; customerId?: string } = {}) {
    const customer = fields.customerId
      ? { id: fields.customerId }
      : await createCustomer(sys(), customerInput({ contacts: [{ name: '王先生', phone: `1390000${String(++serial).padStart(4, '0')}`, email: `wang${serial}@example.com` }] }));
    serial += 1;
    const unit = await createUnit(
      sys(),
      unitInput(fields.productId ?? product.id, customer.id, {
        serialNumber: `KT${String(serial).padStart(6, '0')}`,
        purchaseDate: fields.purchaseDate === undefined ? '2025-03-15' : fields.purchaseDate,
        orderId: fields.orderId,
      }),
    );
    return { customerId: customer.id, unit };
  }

  const openClaim = (client: TestClient, body: Record<string, unknown>) =>
    client.post('/api/v1/warranty/claims', {
      type: 'warranty_claim',
      channel: 'phone',
      title: '空调不制冷',
      description: '开机半小时仍吹热风',
      contactPhone: '13900001111',
      contactEmail: 'claimant@example.com',
      ...body,
    });
  const act = (client: TestClient, caseId: string, body: Record<string, unknown>) =>
    client.post(`/api/v1/warranty/claims/${caseId}/actions`, body);
  const claimOf = async (caseId: string) => (await agent.get(`/api/v1/warranty/claims/${caseId}`)).json();
  /** Take actions one after another with the current version; returns the last response. */
  async function run(client: TestClient, caseId: string, ...steps: Record<string, unknown>[]) {
    let res: Awaited<ReturnType<typeof act>> | null = null;
    for (const step of steps) {
      const version = (await claimOf(caseId)).case.version;
      res = await act(client, caseId, { version, ...step });
      if (res.statusCode !== 200) return res;
    }
    return res!;
  }
  const reviewed = async (caseId: string) =>
    run(agent, caseId, { action: 'reply', note: '已收到您的保修申请，我们将在一个工作日内审核' }, { action: 'review' });
  const count = async (table: 'audit_log' | 'units' | 'warranty_refunds' | 'unit_replacements' | 'rma_orders' | 'case_events' | 'cases') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  // ---------------------------------------------------------------------------------------------
  describe('entitlement (R-WAR-1)', () => {
    it('by unit: in warranty through the last covered day, out the next day, with the reason', async () => {
      const { unit } = await makeUnit();
      const last = await agent.get(`/api/v1/units/${unit.id}/entitlement?asOf=2026-03-14`);
      expect(last.statusCode).toBe(200);
      expect(last.json()).toMatchObject({
        unit: { id: unit.id, serialNumber: unit.serialNumber, status: 'in_service' },
        product: { model: 'KT-35GW', defaultWarrantyMonths: 12, postRepairWarrantyDays: 90 },
        entitlement: { inWarranty: true, basis: 'catalogue_default', coveredUntil: '2026-03-14', daysLeft: 0, purchaseDate: '2025-03-15' },
      });
      expect(last.json().entitlement.messages.map((m: any) => m.code)).toEqual(['in_warranty', 'catalogue_default', 'expires_soon']);
      const next = (await agent.get(`/api/v1/units/${unit.id}/entitlement?asOf=2026-03-15`)).json();
      expect(next.entitlement).toMatchObject({ inWarranty: false, basis: 'none', coveredUntil: '2026-03-14' });
      // today by default (2026-02-10 in Shanghai)
      expect((await agent.get(`/api/v1/units/${unit.id}/entitlement`)).json().entitlement).toMatchObject({ asOf: '2026-02-10', daysLeft: 32 });
    });

    it('a contract override on the unit wins and names the contract', async () => {
      const { unit } = await makeUnit();
      await db()
        .updateTable('units')
        .set({ warranty_end_override: '2028-03-14', warranty_override_reason: '合同约定整机保修36个月', contract_number: 'HT-2025-018' })
        .where('id', '=', unit.id)
        .execute();
      const e = (await agent.get(`/api/v1/units/${unit.id}/entitlement?asOf=2027-06-01`)).json().entitlement;
      expect(e).toMatchObject({
        inWarranty: true,
        basis: 'contract_override',
        coveredUntil: '2028-03-14',
        contractOverride: { end: '2028-03-14', contractNumber: 'HT-2025-018' },
      });
    });

    it('the agent on a call: by serial number as typed, or by model and the purchase proof\'s date', async () => {
      const { unit } = await makeUnit({ purchaseDate: null });
      const bySerial = await agent.get(`/api/v1/entitlement?serial=${unit.serialNumber.toLowerCase()}&asOf=2026-02-10`);
      expect(bySerial.statusCode).toBe(200);
      expect(bySerial.json().items).toHaveLength(1);
      expect(bySerial.json().items[0]).toMatchObject({
        unit: { id: unit.id },
        entitlement: { inWarranty: null, basis: 'none', messages: [{ code: 'warranty_unknown' }, { code: 'purchase_date_unknown' }] },
      });
      // the caller reads the date off the invoice: the unit without a date takes it
      const withProof = (await agent.get(`/api/v1/entitlement?serial=${unit.serialNumber}&purchaseDate=2025-12-01&asOf=2026-02-10`)).json();
      expect(withProof.items[0].entitlement).toMatchObject({ inWarranty: true, basis: 'purchase_proof', coveredUntil: '2026-11-30' });
      // no unit on file: the model and the proof
      const byModel = (await agent.get('/api/v1/entitlement?model=KT-35GW&purchaseDate=2025-01-20&asOf=2026-02-10')).json();
      expect(byModel.items).toEqual([
        expect.objectContaining({
          unit: null,
          product: expect.objectContaining({ id: product.id }),
          entitlement: expect.objectContaining({ inWarranty: false, basis: 'none', coveredUntil: '2026-01-19' }),
        }),
      ]);
      expect((await agent.get('/api/v1/entitlement?serial=NO-SUCH-SERIAL')).json()).toEqual({ items: [] });
    });

    it('bad input → 400 naming the field; unknown unit → 404; a technician → 403', async () => {
      const missing = await agent.get('/api/v1/entitlement?model=KT-35GW');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details[0].path).toEqual(['querystring', 'serial']);
      const badDate = await agent.get('/api/v1/entitlement?serial=X&asOf=2026-02-30');
      expect(badDate.statusCode).toBe(400);
      expect((await agent.get('/api/v1/units/0190a0b0-0000-7000-8000-000000000000/entitlement')).statusCode).toBe(404);
      const { unit } = await makeUnit();
      expect((await technician.get(`/api/v1/units/${unit.id}/entitlement`)).statusCode).toBe(403);
      expect((await technician.get(`/api/v1/entitlement?serial=${unit.serialNumber}`)).statusCode).toBe(403);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('claim → return to factory (R-WAR-2, R-WAR-3)', () => {
    let caseId: string;
    let unitId: string;
    let rmaId: string;
    const rmaAct = async (client: TestClient, body: Record<string, unknown>) => {
      const version = (await agent.get(`/api/v1/warranty/rmas/${rmaId}`)).json().version;
      return client.post(`/api/v1/warranty/rmas/${rmaId}/actions`, { version, ...body });
    };

    it('applied with the purchase proof; the 24-hour warranty reply deadline runs', async () => {
      t.clock.set(TUE_1000);
      const { unit } = await makeUnit();
      unitId = unit.id;
      const res = await openClaim(agent, {
        unitId,
        purchaseProof: { purchaseDate: '2025-03-15', documentNumber: 'FP-88001', seller: '苏宁电器' },
      });
      expect(res.statusCode).toBe(201);
      const claim = res.json();
      caseId = claim.case.id;
      expect(claim.case).toMatchObject({ type: 'warranty_claim', workflow: 'warranty', state: 'applied' });
      expect(claim.case.number).toMatch(/^BZ-2026-\d{6}$/);
      expect(claim.case.deadlines.find((d: any) => d.metric === 'warranty_reply')).toMatchObject({
        state: 'running',
        dueAt: '2026-02-11T02:00:00.000Z',
      });
      expect(claim.case.allowedActions.slice(0, 2)).toEqual(['reply', 'cancel']);
      expect(claim.claim).toMatchObject({
        purchaseProof: { purchaseDate: '2025-03-15', documentNumber: 'FP-88001', seller: '苏宁电器' },
        entitlement: null,
        decision: null,
      });
      expect(claim.currentEntitlement).toMatchObject({ inWarranty: true, basis: 'catalogue_default' });
    });

    it('review before the reply → 409 with the allowed actions, nothing changed', async () => {
      const before = await claimOf(caseId);
      const res = await act(agent, caseId, { action: 'review', version: before.case.version });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'illegal_transition' });
      expect(res.json().error.details.allowedActions).toEqual(['reply', 'cancel', 'wait_customer', 'wait_parts', 'wait_third_party']);
      expect((await claimOf(caseId)).case.version).toBe(before.case.version);
    });

    it('reply meets the deadline; review stores the entitlement snapshot of the claim\'s day', async () => {
      t.clock.set('2026-02-10T05:00:00.000Z');
      const res = await reviewed(caseId);
      expect(res.statusCode, res.body).toBe(200);
      const claim = res.json();
      expect(claim.case.state).toBe('reviewed');
      expect(claim.case.deadlines.find((d: any) => d.metric === 'warranty_reply')).toMatchObject({ state: 'met', status: 'met' });
      expect(claim.claim).toMatchObject({
        eligible: true,
        reviewedBy: { id: agent.userId },
        entitlement: { asOf: '2026-02-10', inWarranty: true, basis: 'catalogue_default', coveredUntil: '2026-03-14' },
      });
    });

    it('decision: repair at the factory → an RMA to ship; complete is refused until the unit is back', async () => {
      const res = await run(agent, caseId, {
        action: 'decide_repair',
        note: '压缩机故障，返厂维修',
        data: { mode: 'factory', factoryName: '珠海格力售后中心', factoryAddress: '珠海市香洲区' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const claim = res.json();
      expect(claim.case.state).toBe('repairing');
      expect(claim.claim).toMatchObject({ decision: 'repair', repairMode: 'factory', decidedBy: { id: agent.userId } });
      expect(claim.decisions).toHaveLength(1);
      expect(claim.decisions[0]).toMatchObject({ decision: 'repair', entitlement: { inWarranty: true }, supersededAt: null });
      expect(claim.rmas).toHaveLength(1);
      expect(claim.rmas[0]).toMatchObject({ state: 'to_ship', factoryName: '珠海格力售后中心', unit: { id: unitId } });
      expect(claim.rmas[0].number).toMatch(/^FC-2026-\d{6}$/);
      expect(claim.rmas[0].allowedActions).toEqual(['ship_to_factory', 'cancel']);
      rmaId = claim.rmas[0].id;

      const early = await run(agent, caseId, { action: 'complete' });
      expect(early.statusCode).toBe(422);
      expect(early.json().error.code).toBe('remedy_not_finished');
    });

    it('shipped to the factory at the company\'s cost; a step out of order → 409', async () => {
      t.clock.set('2026-02-11T03:00:00.000Z');
      const wrong = await rmaAct(agent, { action: 'ship_back', data: { carrier: '顺丰速运', trackingNumber: 'SF1', costFen: 100 } });
      expect(wrong.statusCode, wrong.body).toBe(409);
      expect(wrong.json().error.details.allowedActions).toEqual(['ship_to_factory', 'cancel']);
      const future = await rmaAct(agent, {
        action: 'ship_to_factory',
        data: { carrier: '顺丰速运', trackingNumber: 'SF1001', costFen: 2_300, shippedAt: '2026-02-12T00:00:00.000Z' },
      });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.details[0].path).toEqual(['body', 'data', 'shippedAt']);
      const res = await rmaAct(agent, {
        action: 'ship_to_factory',
        data: { carrier: '顺丰速运', trackingNumber: 'SF1001', costFen: 2_300, shippedAt: '2026-02-11T01:30:00.000Z' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'shipped_to_factory',
        shippedToFactoryAt: '2026-02-11T01:30:00.000Z',
        shipments: [{ direction: 'outbound', carrier: '顺丰速运', trackingNumber: 'SF1001', costFen: 2_300, receivedAt: null }],
        shipBackDueAt: null,
      });
    });

    it('received by the factory on Fri 13 Feb: 7 working days over the Spring Festival → Mon 2 Mar 18:00', async () => {
      // 14 Feb (make-up Saturday) 1, 15–23 Feb 春节 off, 24 2, 25 3, 26 4, 27 5, 28 (make-up Saturday) 6, 1 Mar Sunday off, 2 Mar 7
      t.clock.set('2026-02-13T09:00:00.000Z');
      const res = await rmaAct(agent, { action: 'receive_at_factory', data: { at: '2026-02-13T02:00:00.000Z' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'received_by_factory',
        receivedByFactoryAt: '2026-02-13T02:00:00.000Z',
        shipBackDueAt: '2026-03-02T10:00:00.000Z',
        shipments: [{ direction: 'outbound', receivedAt: '2026-02-13T02:00:00.000Z' }],
      });
      const shipBack = (await claimOf(caseId)).case.deadlines.find((d: any) => d.metric === 'ship_back');
      expect(shipBack).toMatchObject({ state: 'running', amount: 7, unit: 'working_days', dueAt: '2026-03-02T10:00:00.000Z' });
      // a step may not be dated before the one before it
      const tooEarly = await rmaAct(agent, { action: 'repair_at_factory', data: { repairNotes: 'x', at: '2026-02-12T00:00:00.000Z' } });
      expect(tooEarly.statusCode).toBe(400);
    });

    it('repaired, shipped back in time (deadline met), received by the customer: claim completed, post-repair warranty recorded', async () => {
      t.clock.set('2026-02-26T06:00:00.000Z');
      expect((await rmaAct(agent, { action: 'repair_at_factory', data: { repairNotes: '更换压缩机，测试合格' } })).statusCode).toBe(200);
      t.clock.set('2026-02-27T06:00:00.000Z');
      const shipped = await rmaAct(agent, {
        action: 'ship_back',
        note: '随机附维修报告',
        data: { carrier: '顺丰速运', trackingNumber: 'SF2002', costFen: 2_300 },
      });
      expect(shipped.statusCode).toBe(200);
      expect(shipped.json()).toMatchObject({ state: 'shipped_back', totalShippingCostFen: 4_600, shipBackMetAt: '2026-02-27T06:00:00.000Z' });
      const met = (await claimOf(caseId)).case.deadlines.find((d: any) => d.metric === 'ship_back');
      expect(met).toMatchObject({ state: 'met', status: 'met', breachedAt: null });

      t.clock.set('2026-03-04T02:00:00.000Z');
      const received = await rmaAct(agent, { action: 'receive_by_customer' });
      expect(received.statusCode).toBe(200);
      expect(received.json()).toMatchObject({ state: 'received_by_customer', allowedActions: [] });
      const claim = await claimOf(caseId);
      expect(claim.case.state).toBe('completed');
      // every step with its time in the timeline
      const rmaEvents = claim.case.timeline.filter((e: any) => e.kind === 'rma').map((e: any) => e.action);
      expect(rmaEvents).toEqual(['created', 'ship_to_factory', 'receive_at_factory', 'repair_at_factory', 'ship_back', 'receive_by_customer']);
      const repairRow = await db().selectFrom('unit_repairs').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
      expect(repairRow).toMatchObject({ unit_id: unitId, completed_on: '2026-03-04', warranty_days: 90, warranty_end: '2026-06-02' });
    });

    it('after its own warranty ended the unit is covered by the post-repair warranty', async () => {
      const e = (await agent.get(`/api/v1/units/${unitId}/entitlement?asOf=2026-04-01`)).json().entitlement;
      expect(e).toMatchObject({
        inWarranty: true,
        basis: 'post_repair',
        coveredUntil: '2026-06-02',
        postRepair: { completedOn: '2026-03-04', days: 90, inEffect: true },
      });
      expect((await agent.get(`/api/v1/units/${unitId}/entitlement?asOf=2026-06-03`)).json().entitlement.inWarranty).toBe(false);
    });

    it('the result goes to the customer (e-mail in the outbox), then the claim closes', async () => {
      const sent = await run(agent, caseId, { action: 'send_result', note: '您的空调已返厂维修完毕并寄回，维修后保修90天。' });
      expect(sent.statusCode).toBe(200);
      expect(sent.json().claim).toMatchObject({ resultText: '您的空调已返厂维修完毕并寄回，维修后保修90天。' });
      const mail = await db().selectFrom('outbox_messages').selectAll().where('related_id', '=', caseId).where('template_key', '=', 'warranty.result').execute();
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({ channel: 'email', recipient: 'claimant@example.com' });
      const closed = await run(agent, caseId, { action: 'close' });
      expect(closed.json().case).toMatchObject({ state: 'closed', allowedActions: [] });
    });

    it('an RMA overdue for shipping back is listed; RMAs are listed by state', async () => {
      t.clock.set('2026-03-05T02:00:00.000Z');
      const { unit } = await makeUnit();
      const opened = (await openClaim(agent, { unitId: unit.id })).json();
      await reviewed(opened.case.id);
      const decided = (await run(agent, opened.case.id, { action: 'decide_repair', data: { mode: 'factory' } })).json();
      rmaId = decided.rmas[0].id;
      await rmaAct(agent, { action: 'ship_to_factory', data: { carrier: '德邦', trackingNumber: 'DB1', costFen: 5_000 } });
      await rmaAct(agent, { action: 'receive_at_factory' });
      expect((await agent.get('/api/v1/warranty/rmas?overdue=true')).json().items).toEqual([]);
      t.clock.set('2026-03-20T02:00:00.000Z');
      const overdue = (await agent.get('/api/v1/warranty/rmas?overdue=true')).json().items;
      expect(overdue.map((r: any) => r.id)).toEqual([rmaId]);
      const received = (await agent.get('/api/v1/warranty/rmas?state=received_by_customer')).json().items;
      expect(received).toHaveLength(1);
      expect((await technician.get('/api/v1/warranty/rmas')).statusCode).toBe(403);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('claim → replacement (R-WAR-4)', () => {
    let caseId: string;
    let oldUnitId: string;
    let customerId: string;
    let replacementId: string;
    const repAct = async (client: TestClient, body: Record<string, unknown>) => {
      const version = (await agent.get(`/api/v1/warranty/replacements/${replacementId}`)).json().version;
      return client.post(`/api/v1/warranty/replacements/${replacementId}/actions`, { version, ...body });
    };

    it('replace needs warranty.approve: an agent gets 403 (422 on the case page), a supervisor decides', async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      const made = await makeUnit({ purchaseDate: '2025-12-01' });
      oldUnitId = made.unit.id;
      customerId = made.customerId;
      caseId = (await openClaim(agent, { unitId: oldUnitId, title: '新机频繁停机' })).json().case.id;
      await reviewed(caseId);
      expect((await run(agent, caseId, { action: 'decide_replace' })).statusCode).toBe(403);
      const version = (await claimOf(caseId)).case.version;
      const viaCasePage = await agent.post(`/api/v1/cases/${caseId}/actions`, { action: 'decide_replace', version });
      expect(viaCasePage.statusCode).toBe(422);
      expect((await claimOf(caseId)).case.allowedActions).not.toContain('decide_replace');

      const res = await run(supervisor, caseId, { action: 'decide_replace', note: '三包期内同一故障，予以换货' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().case.state).toBe('replacing');
      expect(res.json().replacements).toHaveLength(1);
      expect(res.json().replacements[0]).toMatchObject({ state: 'pending', oldUnit: { id: oldUnitId }, newUnit: null });
      replacementId = res.json().replacements[0].id;
    });

    it('a different model is refused while the model is made; nothing is registered', async () => {
      const unitsBefore = await count('units');
      const res = await repAct(agent, { action: 'record_unit', data: { serialNumber: 'NEW-0001', productId: otherProduct.id } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'replacement_model_mismatch', details: { oldModel: 'KT-35GW', newModel: 'KT-50GW' } });
      // a serial number already registered for the model → 409 from the registry, nothing changed
      const oldSerial = (await agent.get(`/api/v1/warranty/replacements/${replacementId}`)).json().oldUnit.serialNumber;
      const duplicate = await repAct(agent, { action: 'record_unit', data: { serialNumber: oldSerial } });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('duplicate_serial');
      expect(await count('units')).toBe(unitsBefore);
      expect((await agent.get(`/api/v1/warranty/replacements/${replacementId}`)).json()).toMatchObject({
        state: 'pending',
        oldUnit: { status: 'in_service' },
      });
    });

    it('the same model with a new serial: new unit for the same customer, old unit replaced with its history kept', async () => {
      t.clock.set('2026-03-03T02:00:00.000Z');
      const res = await repAct(agent, { action: 'record_unit', data: { serialNumber: 'new-0001' } });
      expect(res.statusCode, res.body).toBe(200);
      const rep = res.json();
      expect(rep).toMatchObject({
        state: 'unit_recorded',
        oldUnit: { id: oldUnitId, status: 'replaced' },
        newUnit: { serialNumber: 'NEW-0001', status: 'in_service', customerId, purchaseDate: '2026-03-03' },
        newProduct: { id: product.id },
        substitutionReason: null,
      });
      expect(rep.oldUnit.replacedByUnitId).toBe(rep.newUnit.id);
      // the failure history stays on the old unit
      const onOld = await db().selectFrom('cases').select('id').where('unit_id', '=', oldUnitId).execute();
      expect(onOld.map((c) => c.id)).toContain(caseId);
      expect((await agent.get(`/api/v1/units/${oldUnitId}/entitlement?asOf=2026-03-03`)).json().entitlement).toMatchObject({
        inWarranty: false,
        messages: [{ code: 'out_of_warranty' }, { code: 'unit_replaced' }, { code: 'catalogue_default' }],
      });
      expect((await agent.get(`/api/v1/units/${rep.newUnit.id}/entitlement?asOf=2027-03-02`)).json().entitlement).toMatchObject({
        inWarranty: true,
        coveredUntil: '2027-03-02',
      });
      expect((await agent.get('/api/v1/entitlement?serial=NEW-0001')).json().items).toHaveLength(1);
    });

    it('inspection by quality (a failure needs the reason), acceptance completes the claim', async () => {
      expect((await repAct(agent, { action: 'inspect', data: { result: 'passed' } })).statusCode).toBe(403);
      const noReason = await repAct(quality, { action: 'inspect', data: { result: 'failed' } });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].path).toEqual(['body', 'note']);
      expect((await repAct(quality, { action: 'inspect', note: '外壳划伤', data: { result: 'failed' } })).json().state).toBe('inspection_failed');
      expect((await repAct(quality, { action: 'inspect', note: '更换外壳后复检', data: { result: 'passed' } })).json()).toMatchObject({
        state: 'inspected',
        inspectionResult: 'passed',
        inspectedBy: { id: quality.userId },
      });
      const rejected = await repAct(agent, { action: 'reject_acceptance', note: '客户发现遥控器不配对' });
      expect(rejected.json()).toMatchObject({ state: 'unit_recorded', reworkCount: 1 });
      await repAct(quality, { action: 'inspect', data: { result: 'passed' } });
      const accepted = await repAct(agent, { action: 'accept', data: { signedBy: '王先生' } });
      expect(accepted.json()).toMatchObject({ state: 'accepted', acceptanceSignedBy: '王先生', reworkCount: 1 });
      expect((await claimOf(caseId)).case.state).toBe('completed');
    });

    it('a discontinued model may be replaced by one with the identical specification, with the reason recorded', async () => {
      const old = await makeProduct(db(), { model: 'KT-26GW' });
      const successor = await makeProduct(db(), { model: 'KT-26GW-II' }); // same specification (factory default)
      await db().updateTable('products').set({ status: 'discontinued' }).where('id', '=', old.id).execute();
      const different = await makeProduct(db(), { model: 'KT-26GW-X' });
      await db().updateTable('products').set({ specification: '1.0匹 定频' }).where('id', '=', different.id).execute();
      const { unit } = await makeUnit({ productId: old.id, purchaseDate: '2025-12-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      replacementId = (await run(supervisor, id, { action: 'decide_replace' })).json().replacements[0].id;

      const otherSpec = await repAct(agent, { action: 'record_unit', data: { serialNumber: 'SUB-1', productId: different.id, substitutionReason: '停产' } });
      expect(otherSpec.statusCode).toBe(422);
      expect(otherSpec.json().error.code).toBe('replacement_model_mismatch');
      const noReason = await repAct(agent, { action: 'record_unit', data: { serialNumber: 'SUB-1', productId: successor.id } });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].path).toEqual(['body', 'data', 'substitutionReason']);
      const ok = await repAct(agent, {
        action: 'record_unit',
        data: { serialNumber: 'SUB-1', productId: successor.id, substitutionReason: 'KT-26GW 已停产，KT-26GW-II 规格相同' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ newProduct: { id: successor.id }, substitutionReason: 'KT-26GW 已停产，KT-26GW-II 规格相同' });
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('claim → refund (R-WAR-5)', () => {
    it('quality problem within 7 days, unused and undamaged: approved with the rule, price from the order, deductions in fen', async () => {
      t.clock.set('2026-03-10T02:00:00.000Z');
      const customer = await createCustomer(sys(), customerInput());
      const order = await createOrder(sys(), {
        customerId: customer.id,
        orderDate: '2026-03-06',
        lines: [{ productId: product.id, quantity: 1, unitPriceFen: 129_900 }],
      });
      const { unit } = await makeUnit({ customerId: customer.id, purchaseDate: '2026-03-06', orderId: order.id });
      const opened = (await openClaim(agent, { type: 'return', unitId: unit.id, title: '新机异响要求退货' })).json();
      expect(opened.case.number).toMatch(/^TH-2026-/);
      expect(opened.case.deadlines.map((d: any) => d.metric)).toEqual(['first_reply']);
      const id = opened.case.id;
      await reviewed(id);

      const facts = {
        qualityProblemFoundOn: '2026-03-09',
        unused: true,
        undamaged: true,
        deductions: [{ kind: 'packaging', description: '外包装缺失' }, { kind: 'missing_part', description: '遥控器', amountFen: 3_000 }],
      };
      const check = await agent.post(`/api/v1/warranty/claims/${id}/refund-check`, facts);
      expect(check.statusCode).toBe(200);
      expect(check.json()).toMatchObject({
        allowed: true,
        rule: 'early_quality_problem',
        purchaseDate: '2026-03-06',
        policyDays: 7,
        priceFen: 129_900,
        priceSource: 'order_line',
        deductionsFen: 5_000,
        refundFen: 124_900,
      });

      expect((await run(agent, id, { action: 'decide_refund', data: facts })).statusCode).toBe(403);
      const res = await run(supervisor, id, { action: 'decide_refund', note: '7日内质量问题退货', data: facts });
      expect(res.statusCode, res.body).toBe(200);
      const claim = res.json();
      expect(claim.case.state).toBe('refunding');
      expect(claim.refunds).toHaveLength(1);
      const refund = claim.refunds[0];
      expect(refund).toMatchObject({
        rule: 'early_quality_problem',
        priceFen: 129_900,
        priceSource: 'order_line',
        orderId: order.id,
        deductions: [
          { kind: 'packaging', description: '外包装缺失', amountFen: 2_000 },
          { kind: 'missing_part', description: '遥控器', amountFen: 3_000 },
        ],
        deductionsFen: 5_000,
        refundFen: 124_900,
        state: 'approved',
      });
      expect(refund.reasons.map((r: any) => [r.rule, r.holds])).toEqual([
        ['failed_after_repair', false],
        ['contract_mismatch', false],
        ['early_quality_problem', true],
      ]);
      expect(claim.decisions.at(-1)).toMatchObject({ decision: 'refund', data: { rule: 'early_quality_problem', refundFen: 124_900 } });

      // finance pays: the unit is returned, the claim completed
      expect((await agent.post(`/api/v1/warranty/refunds/${refund.id}/actions`, { action: 'pay', version: refund.version, data: { paymentReference: 'X' } })).statusCode).toBe(403);
      const paid = await finance.post(`/api/v1/warranty/refunds/${refund.id}/actions`, {
        action: 'pay',
        version: refund.version,
        data: { paymentReference: 'ZF-20260310-001' },
      });
      expect(paid.statusCode).toBe(200);
      expect(paid.json()).toMatchObject({ state: 'paid', paymentReference: 'ZF-20260310-001', paidBy: { id: finance.userId }, allowedActions: [] });
      expect((await claimOf(id)).case.state).toBe('completed');
      expect((await db().selectFrom('units').select('status').where('id', '=', unit.id).executeTakeFirstOrThrow()).status).toBe('returned');
    });

    it('no rule holds → 422 with each rule\'s reason, nothing changed', async () => {
      const { unit } = await makeUnit({ purchaseDate: '2025-06-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      const before = { audit: await count('audit_log'), refunds: await count('warranty_refunds'), version: (await claimOf(id)).case.version };
      const res = await act(supervisor, id, {
        action: 'decide_refund',
        version: before.version,
        data: { qualityProblemFoundOn: '2026-03-09', unused: true, undamaged: true, priceFen: 100_000 },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('refund_not_allowed');
      expect(res.json().error.details.reasons.map((r: any) => r.code)).toEqual(['no_completed_remedy', 'matches_contract', 'after_policy_days']);
      expect(await count('audit_log')).toBe(before.audit);
      expect(await count('warranty_refunds')).toBe(before.refunds);
      expect((await claimOf(id)).case).toMatchObject({ state: 'reviewed', version: before.version });
    });

    it('does not match the contract: allowed with the entered price; deductions above the price → 422', async () => {
      const { unit } = await makeUnit({ purchaseDate: '2025-06-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      const tooMuch = await run(supervisor, id, {
        action: 'decide_refund',
        data: { contractMismatch: { spec: true }, priceFen: 1_000, deductions: [{ kind: 'missing_part', amountFen: 1_001 }] },
      });
      expect(tooMuch.statusCode).toBe(422);
      expect(tooMuch.json().error.code).toBe('deductions_exceed_price');
      const noPrice = await run(supervisor, id, { action: 'decide_refund', data: { contractMismatch: { spec: true } } });
      expect(noPrice.statusCode).toBe(400);
      expect(noPrice.json().error.details[0].path).toEqual(['body', 'data', 'priceFen']);
      const ok = await run(supervisor, id, { action: 'decide_refund', data: { contractMismatch: { spec: true }, priceFen: 99_900 } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().refunds[0]).toMatchObject({ rule: 'contract_mismatch', priceSource: 'entered', refundFen: 99_900 });
      // revise: the approved (unpaid) refund is withdrawn, the claim goes back to review
      const revised = await run(supervisor, id, { action: 'revise', note: '客户改为换货' });
      expect(revised.statusCode).toBe(200);
      expect(revised.json().case.state).toBe('reviewed');
      expect(revised.json().refunds[0].state).toBe('cancelled');
      expect(revised.json().decisions[0].supersededAt).not.toBeNull();
    });

    it('still failing after a completed repair: allowed, with the repair as evidence', async () => {
      t.clock.set('2026-03-12T02:00:00.000Z');
      // the unit repaired at the factory earlier (post-repair record of another claim)
      const { unit } = await makeUnit({ purchaseDate: '2024-01-10' });
      const first = (await openClaim(agent, { unitId: unit.id, title: '不制冷' })).json().case.id;
      await db()
        .insertInto('unit_repairs')
        .values({ id: crypto.randomUUID(), unit_id: unit.id, case_id: first, completed_on: '2026-02-01', warranty_days: 90, warranty_end: '2026-05-02', created_at: new Date().toISOString() })
        .execute();
      const id = (await openClaim(agent, { unitId: unit.id, title: '维修后仍不制冷' })).json().case.id;
      const review = await reviewed(id);
      expect(review.json().claim.entitlement).toMatchObject({ inWarranty: true, basis: 'post_repair' });
      const res = await run(supervisor, id, { action: 'decide_refund', data: { priceFen: 320_000 } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().refunds[0]).toMatchObject({
        rule: 'failed_after_repair',
        evidence: { completedRemedies: [{ kind: 'repair', completedOn: '2026-02-01' }], newFailureOn: '2026-03-12' },
      });
    });

    it('the [7] days are a setting', async () => {
      t.clock.set('2026-03-20T02:00:00.000Z');
      const { unit } = await makeUnit({ purchaseDate: '2026-03-06' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      const facts = { qualityProblemFoundOn: '2026-03-18', unused: true, undamaged: true, priceFen: 10_000 };
      expect((await agent.post(`/api/v1/warranty/claims/${id}/refund-check`, facts)).json()).toMatchObject({ allowed: false });
      const current = (await admin.get('/api/v1/warranty/settings')).json();
      expect(current).toMatchObject({ refundPolicyDays: 7, deductionDefaults: { packaging: 2_000 } });
      const { updatedAt: _u, ...body } = current;
      expect((await agent.put('/api/v1/warranty/settings', { ...body, refundPolicyDays: 15 })).statusCode).toBe(403);
      expect((await admin.put('/api/v1/warranty/settings', { ...body, refundPolicyDays: 15 })).statusCode).toBe(200);
      expect((await agent.post(`/api/v1/warranty/claims/${id}/refund-check`, facts)).json()).toMatchObject({ allowed: true, rule: 'early_quality_problem', policyDays: 15 });
      expect((await admin.put('/api/v1/warranty/settings', { ...body, refundPolicyDays: 7 })).statusCode).toBe(409); // stale version
      const fresh = (await admin.get('/api/v1/warranty/settings')).json();
      await admin.put('/api/v1/warranty/settings', { ...body, version: fresh.version, refundPolicyDays: 7 });
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('claim → repair case, reject with paid repair', () => {
    it('repair by a repair case: one is opened and linked; complete waits for it', async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      const { unit } = await makeUnit({ purchaseDate: '2025-12-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      const res = await run(agent, id, { action: 'decide_repair', data: { mode: 'repair_case' } });
      expect(res.statusCode, res.body).toBe(200);
      const claim = res.json();
      expect(claim.claim.repairCase.number).toMatch(/^BX-2026-/);
      expect(claim.case.links).toEqual([expect.objectContaining({ caseId: claim.claim.repairCase.id, kind: 'related' })]);
      const repairCase = await db().selectFrom('cases').selectAll().where('id', '=', claim.claim.repairCase.id).executeTakeFirstOrThrow();
      expect(repairCase).toMatchObject({ type: 'repair', unit_id: unit.id });
      expect((await run(agent, id, { action: 'complete' })).json().error.code).toBe('remedy_not_finished');
      // the repairs module resolves its case and tells warranty: the claim completes
      await db().updateTable('cases').set({ state: 'accepted', resolved_at: '2026-03-02T08:00:00.000Z' }).where('id', '=', claim.claim.repairCase.id).execute();
      expect(await inTransaction(sys(), (tx) => onRepairCaseFinished(tx, claim.claim.repairCase.id))).toEqual([id]);
      expect((await claimOf(id)).case.state).toBe('completed');
      expect(await inTransaction(sys(), (tx) => onRepairCaseFinished(tx, claim.claim.repairCase.id))).toEqual([]);
    });

    it('linking an existing repair case of another unit is refused', async () => {
      const { unit } = await makeUnit({ purchaseDate: '2025-12-01' });
      const { unit: other } = await makeUnit({ purchaseDate: '2025-12-01' });
      const repairOfOther = (await agent.post('/api/v1/cases', { type: 'repair', channel: 'phone', unitId: other.id, title: '报修' })).json().case.id;
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      const res = await run(agent, id, { action: 'decide_repair', data: { mode: 'repair_case', repairCaseId: repairOfOther } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('repair_case_mismatch');
      expect((await claimOf(id)).case.state).toBe('reviewed');
    });

    it('out of warranty: repair is refused (422); reject offers a paid repair and opens it', async () => {
      const { unit } = await makeUnit({ purchaseDate: '2023-01-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      const review = await reviewed(id);
      expect(review.json().claim).toMatchObject({ eligible: false, entitlement: { inWarranty: false, coveredUntil: '2023-12-31' } });
      const repair = await run(agent, id, { action: 'decide_repair', data: { mode: 'factory' } });
      expect(repair.statusCode).toBe(422);
      expect(repair.json().error.code).toBe('out_of_warranty');
      expect(await db().selectFrom('rma_orders').select('id').where('case_id', '=', id).execute()).toEqual([]);
      const noNote = await run(agent, id, { action: 'decide_reject', data: { reason: 'out_of_warranty' } });
      expect(noNote.statusCode).toBe(400);
      const rejected = await run(agent, id, {
        action: 'decide_reject',
        note: '已过保修期（2023-12-31止），可提供有偿维修',
        data: { reason: 'out_of_warranty', offerPaidRepair: true, openPaidRepairCase: true },
      });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json().case.state).toBe('rejected');
      expect(rejected.json().claim.repairCase.number).toMatch(/^BX-/);
      expect(rejected.json().decisions[0]).toMatchObject({ decision: 'reject', data: { reason: 'out_of_warranty', offerPaidRepair: true } });
      const sent = await run(agent, id, { action: 'send_result', note: '已过保，已为您转有偿维修' });
      expect(sent.json().case.state).toBe('result_sent');
      // not satisfied: review again
      expect((await run(agent, id, { action: 'reopen', note: '客户提供了延保合同' })).json().case.state).toBe('reviewed');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('defective-part returns (R-WAR-6)', () => {
    let caseId: string;
    let partId: string;

    it('recorded on the case, analysed by quality, listed by product and period', async () => {
      t.clock.set('2026-03-03T06:00:00.000Z');
      const { unit } = await makeUnit({ purchaseDate: '2025-12-01' });
      caseId = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      const res = await agent.post('/api/v1/warranty/defective-parts', {
        caseId,
        partName: '压缩机',
        serialOrBatch: 'B2025-11',
        faultDescription: '启动电容击穿',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        caseId,
        unitId: unit.id,
        productId: product.id,
        productModel: 'KT-35GW',
        partName: '压缩机',
        disposition: 'pending',
        receivedAt: '2026-03-03T06:00:00.000Z',
        receivedBy: { id: agent.userId },
      });
      partId = res.json().id;

      expect((await agent.post(`/api/v1/warranty/defective-parts/${partId}/analysis`, { version: 1, disposition: 'scrap', analysis: 'x' })).statusCode).toBe(403);
      const analysed = await quality.post(`/api/v1/warranty/defective-parts/${partId}/analysis`, {
        version: 1,
        disposition: 'return_to_supplier',
        analysis: '电容批次B2025-11耐压不足，退供应商',
      });
      expect(analysed.statusCode).toBe(200);
      expect(analysed.json()).toMatchObject({ disposition: 'return_to_supplier', analysedBy: { id: quality.userId } });

      const inMarch = (await quality.get(`/api/v1/warranty/defective-parts?productId=${product.id}&from=2026-03-01&to=2026-03-31`)).json();
      expect(inMarch.items.map((p: any) => p.id)).toContain(partId);
      // the period is company days: 3 March in Shanghai
      expect((await quality.get(`/api/v1/warranty/defective-parts?productId=${product.id}&from=2026-03-04`)).json().items).toEqual([]);
      expect((await quality.get(`/api/v1/warranty/defective-parts?productId=${otherProduct.id}`)).json().items).toEqual([]);
      expect((await quality.get('/api/v1/warranty/defective-parts?analysed=false')).json().items.map((p: any) => p.id)).not.toContain(partId);
      expect((await finance.get('/api/v1/warranty/defective-parts')).statusCode).toBe(200);
      expect((await technician.get('/api/v1/warranty/defective-parts')).statusCode).toBe(403);
      expect((await quality.get('/api/v1/warranty/defective-parts?from=2026-03-05&to=2026-03-01')).statusCode).toBe(400);
    });

    it('bad input → 400 naming the field, nothing recorded', async () => {
      const before = await count('audit_log');
      const noFault = await agent.post('/api/v1/warranty/defective-parts', { caseId, partName: '风扇' });
      expect(noFault.statusCode).toBe(400);
      expect(noFault.json().error.details[0].path).toEqual(['body', 'faultDescription']);
      const unknownCase = await agent.post('/api/v1/warranty/defective-parts', {
        caseId: '0190a0b0-0000-7000-8000-000000000000',
        partName: '风扇',
        faultDescription: '异响',
      });
      expect(unknownCase.statusCode).toBe(400);
      expect(unknownCase.json().error.details[0].path).toEqual(['body', 'caseId']);
      const stale = await quality.post(`/api/v1/warranty/defective-parts/${partId}/analysis`, { version: 1, disposition: 'scrap', analysis: '报废' });
      expect(stale.statusCode).toBe(409);
      expect(await count('audit_log')).toBe(before);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('bad input and permissions', () => {
    it('bad action bodies → 400 with field paths, nothing changed; stale version → 409', async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      const { unit } = await makeUnit({ purchaseDate: '2025-12-01' });
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      await reviewed(id);
      const before = { events: await count('case_events'), rmas: await count('rma_orders'), version: (await claimOf(id)).case.version };
      const badMode = await act(agent, id, { action: 'decide_repair', version: before.version, data: { mode: 'teleport' } });
      expect(badMode.statusCode).toBe(400);
      expect(badMode.json().error.details[0].path).toEqual(['body', 'data', 'mode']);
      const negative = await act(supervisor, id, {
        action: 'decide_refund',
        version: before.version,
        data: { contractMismatch: { spec: true }, priceFen: 100, deductions: [{ kind: 'packaging', amountFen: -5 }] },
      });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().error.details[0].path).toEqual(['body', 'data', 'deductions', '0', 'amountFen']);
      expect((await act(agent, id, { action: 'fly', version: before.version })).statusCode).toBe(400);
      const stale = await act(agent, id, { action: 'decide_repair', version: before.version - 1, data: { mode: 'factory' } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('version_conflict');
      // the generic case endpoint validates the same data
      const generic = await agent.post(`/api/v1/cases/${id}/actions`, { action: 'decide_repair', version: before.version, data: { mode: 'x' } });
      expect(generic.statusCode).toBe(400);
      expect(await count('case_events')).toBe(before.events);
      expect(await count('rma_orders')).toBe(before.rmas);
      expect((await claimOf(id)).case.version).toBe(before.version);
    });

    it('the purchase proof changes until the decision; with a stale version → 409', async () => {
      const { unit } = await makeUnit({ purchaseDate: null });
      const opened = (await openClaim(agent, { unitId: unit.id })).json();
      const id = opened.case.id;
      expect(opened.currentEntitlement).toMatchObject({ inWarranty: null });
      const res = await agent.put(`/api/v1/warranty/claims/${id}/purchase-proof`, {
        version: opened.claim.version,
        purchaseProof: { purchaseDate: '2025-12-20', documentNumber: 'FP-1' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().currentEntitlement).toMatchObject({ inWarranty: true, basis: 'purchase_proof', coveredUntil: '2026-12-19' });
      expect(
        (await agent.put(`/api/v1/warranty/claims/${id}/purchase-proof`, { version: opened.claim.version, purchaseProof: null })).statusCode,
      ).toBe(409);
      const badDate = await agent.put(`/api/v1/warranty/claims/${id}/purchase-proof`, {
        version: res.json().claim.version,
        purchaseProof: { purchaseDate: '2025-02-30' },
      });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json().error.details[0].path).toEqual(['body', 'purchaseProof', 'purchaseDate']);
      // the review uses the proof
      expect((await reviewed(id)).json().claim.entitlement).toMatchObject({ basis: 'purchase_proof', inWarranty: true });
    });

    it('who may do what: 403 for the wrong role, 404 for a case that is no warranty claim', async () => {
      const { unit } = await makeUnit();
      expect((await openClaim(finance, { unitId: unit.id })).statusCode).toBe(403);
      expect((await openClaim(technician, { unitId: unit.id })).statusCode).toBe(403);
      const id = (await openClaim(agent, { unitId: unit.id })).json().case.id;
      expect((await finance.get(`/api/v1/warranty/claims/${id}`)).statusCode).toBe(200);
      expect((await technician.get(`/api/v1/warranty/claims/${id}`)).statusCode).toBe(403);
      expect((await act(finance, id, { action: 'reply', version: 1, note: 'x' })).statusCode).toBe(403);
      const repair = await agent.post('/api/v1/cases', { type: 'repair', channel: 'phone', unitId: unit.id, title: '报修' });
      expect((await agent.get(`/api/v1/warranty/claims/${repair.json().case.id}`)).statusCode).toBe(404);
      expect((await agent.get('/api/v1/warranty/claims/0190a0b0-0000-7000-8000-000000000000')).statusCode).toBe(404);
    });

    it('every route is in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
      for (const path of [
        '/api/v1/units/{id}/entitlement',
        '/api/v1/entitlement',
        '/api/v1/warranty/claims',
        '/api/v1/warranty/claims/{id}/actions',
        '/api/v1/warranty/rmas/{id}/actions',
        '/api/v1/warranty/replacements/{id}/actions',
        '/api/v1/warranty/refunds/{id}/actions',
        '/api/v1/warranty/defective-parts',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });
  });
});
