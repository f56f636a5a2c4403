/**
 * The service history of a generated company (issue 6 item 1): what the complaints, follow-ups,
 * parts and warranty modules would have written around the cases of bench/lib/company.ts —
 *   complaints    the complaint record of each complaint case as far as its state got (verification,
 *                 investigation, resolution, result, confirmation), the signatures of the approval
 *                 steps, confirmation links, corrective actions (CAPA) for about half of the closed
 *                 ones and for complaints in handling (a few of those overdue)
 *   follow-ups    the tasks the enabled rules plan for closed repair cases and closed complaints
 *                 (source keys as followups.generate.ts makes them): old ones done with answers and
 *                 scores or unreached after the attempts, recent ones pending (today's call queue)
 *   parts         ≈300 spare parts for the products, 3 warehouses and a van per technician; parts
 *                 issued from the van to ≈40 % of the closed repair orders, the van refilled from a
 *                 warehouse and the warehouse from a supplier when short, a few returns and
 *                 adjustments — a ledger whose running balance never goes below zero, and
 *                 `stock_levels` written at the end as its sum
 *   warranty      the claim of each warranty / return case (proof, entitlement snapshot from the pure
 *                 entitlement rules, decision and its history row), RMA orders with shipments for
 *                 the claims repaired at the factory
 * Only row objects, no queries (but readServiceReference, once, before); randomness only from
 * world.rand; ids are UUIDv7 of the moment the row was made, so they sort as the app's would.
 */
import type { Insertable } from 'kysely';
import type { EvidenceItem } from '../../contracts/complaints.js';
import type { Question } from '../../contracts/followups.js';
import type { DatabaseHandle } from '../../server/db/database.js';
import type {
  ComplaintActionsTable,
  ComplaintCategoriesTable,
  ComplaintConfirmationLinksTable,
  ComplaintMeetingsTable,
  ComplaintSignaturesTable,
  ComplaintsTable,
} from '../../server/db/types/complaints.js';
import type { FollowupAttemptsTable, FollowupRulesTable, FollowupTasksTable, QuestionnairesTable } from '../../server/db/types/followups.js';
import type { PartProductsTable, SparePartsTable, StockLevelsTable, StockLocationsTable, StockMovementsTable } from '../../server/db/types/parts.js';
import type { RmaOrdersTable, RmaShipmentsTable, WarrantyClaimsTable, WarrantyDecisionsTable } from '../../server/db/types/warranty.js';
import { DEFAULT_CATEGORIES } from '../../server/modules/complaints/complaints.seed.js';
import { OUTCOMES_OF_KIND } from '../../server/modules/complaints/complaints.rules.js';
import { isSampled } from '../../server/modules/followups/followups.plan.js';
import { DEFAULT_QUESTIONNAIRES, DEFAULT_RULES } from '../../server/modules/followups/followups.seed.js';
import { DEFAULT_FOLLOWUP_SETTINGS } from '../../server/modules/followups/followups.settings.js';
import { scoreAnswers } from '../../server/modules/followups/questionnaire.score.js';
import { entitlement } from '../../server/modules/warranty/entitlement.js';
import { RMA_NUMBER_PREFIX } from '../../server/modules/warranty/remedies.service.js';
import type { GeneratedCase, Rng, Rows, ServiceReference, World } from './world.js';

/** a row with every column of the table (a missing one would be NULL on SQLite, not its default) */
type Full<T> = Required<Insertable<T>>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ_OFFSET = 8 * HOUR; // Asia/Shanghai, no daylight saving

const iso = (ms: number) => new Date(ms).toISOString();
/** the company-calendar date of an instant */
const localDate = (ms: number) => new Date(ms + TZ_OFFSET).toISOString().slice(0, 10);
const localYear = (ms: number) => new Date(ms + TZ_OFFSET).getUTCFullYear();
const hoursOf = (amount: number, unit: string) => amount * (unit === 'hours' ? 1 : unit === 'days' ? 24 : 30 * 24);

/** A UUIDv7 of the given instant with random bits from `rand`: deterministic, sorted like the app's ids. */
function idAt(rand: Rng, ms: number): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  const time = hex(Math.max(0, Math.floor(ms)), 12);
  const r = () => Math.floor(rand() * 0x10000);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(r() & 0xfff, 3)}-${hex(0x8000 | (r() & 0x3fff), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

/** The next moment in the call window (09:00–18:00 local) at or after `ms`: when a call is made. */
function callSlot(ms: number, rand: Rng): number {
  const local = new Date(ms + TZ_OFFSET);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const dayStart = ms - (hour * HOUR + local.getUTCSeconds() * 1000 + local.getUTCMilliseconds());
  if (hour < 9) return dayStart + 9 * HOUR + Math.floor(rand() * 2 * HOUR);
  if (hour >= 17.5) return dayStart + DAY + 9 * HOUR + Math.floor(rand() * 2 * HOUR);
  return ms + Math.floor(rand() * HOUR);
}

// ------------------------------------------------------------------------------------------------
// Chinese text

const PART_KINDS: [name: string, unit: string, costYuan: [number, number]][] = [
  ['电源板', '块', [60, 260]], ['主控板', '块', [120, 600]], ['驱动电源', '个', [40, 180]], ['LED灯珠模组', '组', [20, 90]],
  ['温控器', '个', [30, 120]], ['压缩机电容', '个', [15, 60]], ['风扇电机', '台', [80, 320]], ['显示屏', '块', [90, 400]],
  ['遥控器', '个', [15, 45]], ['密封圈', '个', [2, 12]], ['滤芯', '支', [25, 110]], ['电磁阀', '个', [35, 140]],
  ['加热管', '根', [40, 160]], ['传感器', '个', [18, 95]], ['继电器', '个', [8, 40]], ['保险管', '个', [1, 6]],
  ['接线端子', '套', [3, 15]], ['外壳面罩', '件', [20, 80]], ['散热器', '件', [25, 90]], ['电池组', '组', [60, 220]],
];
const SUPPLIERS = ['深圳华强电子有限公司', '东莞宏达五金制品厂', '佛山美科电器配件有限公司', '中山明亮光电科技有限公司', '广州联创电子元件有限公司'];
const WAREHOUSES: [code: string, name: string, address: string][] = [
  ['BENCH-WH-SZ', '深圳中心仓', '深圳市宝安区福永街道物流园3栋'],
  ['BENCH-WH-LG', '龙岗备件仓', '深圳市龙岗区坂田街道五和大道118号'],
  ['BENCH-WH-NS', '南山前置仓', '深圳市南山区科技园南区7栋1楼'],
];
const ROOT_CAUSES = [
  '供应商来料批次电容耐压不足，高温环境下早期失效',
  '装配工序漏打螺丝胶，运输振动后接插件松动',
  '维修人员未按作业指导书更换密封件，导致再次漏水',
  '客服未在承诺时限内回复，客户多次催促无人跟进',
  '物流外包商野蛮装卸，外包装破损未在签收时拦截',
  '销售报价与合同价格条款不一致，未经审核即发出',
  '软件版本缺陷，温度补偿参数设置错误',
  '安装人员未核对现场电压，设备长期欠压运行',
];
const FACTS = ['现场核实设备铭牌与序列号一致，故障现象属实', '调取维修记录与通话录音，情况属实', '经检测为用户私自改装线路所致', '经核实为第三方安装公司施工造成', '产品非本公司销售，序列号查无记录'];
const CORRECTIVE = ['对同批次库存产品全部复检并更换电容', '对涉事维修人员进行作业规范再培训并考核', '更换物流供应商并增加签收验货环节', '修订报价审核流程，合同价格须经财务复核', '发布软件补丁并远程升级在网设备'];
const PREVENTIVE = ['来料检验增加高温老化抽检项目', '装配线增加扭力与点胶防错工装', '客服工单超时自动升级至主管', '每月抽查维修作业录像并通报', '新版本发布前增加温度循环测试'];
const RESULTS = ['经调查确认为产品质量问题，已为您免费更换新机并延长保修一年，再次致歉。', '已对相关服务人员进行处理并改进流程，感谢您的监督。', '已按合同价格退还差额，并向您致歉。', '已安排重新配送并承担运费，给您带来不便深表歉意。'];
const REMARKS = ['师傅很专业，态度好', '上门比较及时', '希望以后能提前电话预约', '维修后使用正常，谢谢', '等待时间有点长', '配件价格偏贵', '整体满意', '工程师讲解很耐心'];
const DEPARTMENTS: [code: string, name: string][] = [['BENCH-D-SVC', '售后服务部'], ['BENCH-D-QA', '品质部'], ['BENCH-D-PRD', '生产部'], ['BENCH-D-PUR', '采购部'], ['BENCH-D-LOG', '物流部'], ['BENCH-D-SAL', '销售部']];
const MEETING_TOPICS = ['产品质量类投诉频次上升', '售后响应超时投诉', '同一批次重复投诉', '物流破损投诉', '重大投诉专案进展', '纠正措施有效性复核'];
const NO_ANSWER = ['无人接听', '关机', '占线', '客户表示正在开会，稍后再联系', '号码暂时无法接通'];
const FACTORIES: [string, string][] = [['本公司惠州维修中心', '广东省惠州市仲恺高新区和畅五路西12号'], ['本公司苏州工厂售后部', '江苏省苏州市工业园区星湖街328号']];
const CARRIERS = ['顺丰速运', '京东物流', '德邦快递'];
const SELLERS = ['京东自营旗舰店', '天猫官方旗舰店', '苏宁易购', '本地经销商'];

// ------------------------------------------------------------------------------------------------
// Reference data

/** Read the seeded reference rows once (after ensureReferenceData), to put in world.serviceReference. */
export async function readServiceReference(db: DatabaseHandle['db']): Promise<ServiceReference> {
  const categories = await db.selectFrom('complaint_categories').selectAll().where('archived', '=', false as any).orderBy('sort_order').execute();
  const rules = await db.selectFrom('followup_rules').selectAll().where('enabled', '=', true as any).execute();
  const questionnaires = await db.selectFrom('questionnaires').select(['id', 'questions']).where('archived', '=', false as any).execute();
  const departments = await db.selectFrom('departments').select('id').where('archived', '=', false as any).execute();
  const setting = await db.selectFrom('settings').select('value').where('key', '=', 'followups').executeTakeFirst();
  const maxAttempts = (setting ? (JSON.parse(setting.value) as { maxAttempts?: number }).maxAttempts : undefined) ?? DEFAULT_FOLLOWUP_SETTINGS.maxAttempts;
  return {
    complaintCategories: categories.map((c) => ({ id: c.id, code: c.code, parentId: c.parent_id, resolutionKind: c.resolution_kind })),
    followupRules: rules.map((r) => {
      const conditions = JSON.parse(r.conditions) as { caseTypes?: string[]; purpose?: 'follow_up' | 'survey' };
      return {
        id: r.id,
        triggerKind: r.trigger_kind,
        purpose: conditions.purpose ?? 'follow_up',
        caseTypes: conditions.caseTypes ?? [],
        delayHours: hoursOf(r.delay_amount, r.delay_unit),
        windowHours: hoursOf(r.window_amount, r.window_unit),
        samplingPercent: r.sampling_percent,
        channel: r.channel,
        assignee: r.assignee,
        priority: r.priority,
        questionnaireId: r.questionnaire_id,
        caseDemanded: Boolean(r.case_demanded),
        restricted: Boolean(r.restricted),
      };
    }),
    questionnaires: questionnaires.map((q) => ({ id: q.id, questions: JSON.parse(q.questions) as unknown[] })),
    departmentIds: departments.map((d) => d.id),
    maxAttempts,
  };
}

interface Part {
  id: string;
  name: string;
  productIds: string[];
}

interface Location {
  id: string;
  kind: 'warehouse' | 'van';
}

/** The reference rows a database without the seeded complaint/follow-up data needs (codes prefixed bench.). */
function fallbackReference(world: World, nowIso: string): { reference: ServiceReference; rows: Rows } {
  const { rand, nowMs } = world;
  const categories: Full<ComplaintCategoriesTable>[] = [];
  DEFAULT_CATEGORIES.forEach(([code, nameZh, nameEn, kind, children], i) => {
    const id = idAt(rand, nowMs);
    categories.push({ id, code: `bench.${code}`, name_zh: nameZh, name_en: nameEn, parent_id: null, resolution_kind: kind, sort_order: i * 10, archived: false, version: 1, created_at: nowIso, updated_at: nowIso });
    children.forEach(([childCode, childZh, childEn], j) =>
      categories.push({ id: idAt(rand, nowMs), code: `bench.${childCode}`, name_zh: childZh, name_en: childEn, parent_id: id, resolution_kind: null, sort_order: i * 10 + j + 1, archived: false, version: 1, created_at: nowIso, updated_at: nowIso }),
    );
  });
  const seedQuestionnaire = DEFAULT_QUESTIONNAIRES[0];
  const questionnaire: Full<QuestionnairesTable> = {
    id: idAt(rand, nowMs), code: `bench.${seedQuestionnaire.code}`, name: seedQuestionnaire.name, intro: seedQuestionnaire.intro, script: seedQuestionnaire.script,
    questions: JSON.stringify(seedQuestionnaire.questions), archived: false, version: 1, created_at: nowIso, updated_at: nowIso,
  };
  const rules: Full<FollowupRulesTable>[] = DEFAULT_RULES.filter((r) => r.enabled && (r.trigger === 'case_closed' || r.trigger === 'complaint_closure')).map((r) => ({
    id: idAt(rand, nowMs), code: `bench.${r.code}`, name: r.name, trigger_kind: r.trigger, conditions: JSON.stringify(r.conditions),
    delay_amount: r.delayAmount, delay_unit: r.delayUnit, window_amount: r.windowAmount, window_unit: r.windowUnit, channel: r.channel,
    assignee: r.assignee, sampling_percent: r.samplingPercent, target_percent: r.targetPercent, questionnaire_id: questionnaire.id,
    priority: r.priority, case_demanded: r.caseDemanded, restricted: r.restricted, enabled: true, sort_order: r.sortOrder, version: 1,
    created_at: nowIso, updated_at: nowIso,
  }));
  const reference: ServiceReference = {
    complaintCategories: categories.map((c) => ({ id: c.id, code: c.code, parentId: c.parent_id, resolutionKind: c.resolution_kind })),
    followupRules: rules.map((r) => {
      const conditions = JSON.parse(r.conditions) as { caseTypes?: string[]; purpose?: 'follow_up' | 'survey' };
      return {
        id: r.id, triggerKind: r.trigger_kind, purpose: conditions.purpose ?? 'follow_up', caseTypes: conditions.caseTypes ?? [],
        delayHours: hoursOf(r.delay_amount, r.delay_unit), windowHours: hoursOf(r.window_amount, r.window_unit), samplingPercent: r.sampling_percent,
        channel: r.channel, assignee: r.assignee, priority: r.priority, questionnaireId: r.questionnaire_id, caseDemanded: Boolean(r.case_demanded), restricted: Boolean(r.restricted),
      };
    }),
    questionnaires: [{ id: questionnaire.id, questions: seedQuestionnaire.questions }],
    departmentIds: [],
    maxAttempts: DEFAULT_FOLLOWUP_SETTINGS.maxAttempts,
  };
  return { reference, rows: { complaint_categories: categories, questionnaires: [questionnaire], followup_rules: rules } };
}

// ------------------------------------------------------------------------------------------------
// Pure rules of the history

/** How far a complaint in `state` got through the workflow (COMPLAINT_TABLE order). */
export function complaintProgress(state: string) {
  const order = ['new', 'verifying', 'investigating', 'planning', 'plan_review', 'handling', 'feedback', 'awaiting_confirmation', 'confirmed', 'closure_review', 'closed'];
  const at = order.indexOf(state);
  return {
    verified: at >= 2,
    investigated: at >= 3,
    planSigned: at >= 5,
    handled: at >= 6,
    resultSent: at >= 7,
    confirmed: at >= 8,
    trackingSigned: at >= 9,
    closed: state === 'closed',
  };
}

/** The claim's decision implied by its state (null before the decision; a choice once it is past). */
export function claimDecisionOf(state: string, type: 'warranty_claim' | 'return', r: number): 'repair' | 'replace' | 'refund' | 'reject' | null {
  if (state === 'repairing' || state === 'shipped_to_factory') return 'repair';
  if (state === 'replacing') return 'replace';
  if (state === 'refunding') return 'refund';
  if (state === 'rejected') return 'reject';
  if (!['approved', 'completed', 'result_sent', 'closed'].includes(state)) return null;
  if (type === 'return') return r < 0.45 ? 'replace' : r < 0.85 ? 'refund' : 'reject';
  return r < 0.55 ? 'repair' : r < 0.8 ? 'replace' : r < 0.88 ? 'refund' : 'reject';
}

/** What an RMA in a claim of this state has done: the furthest step, in order. */
export function rmaStateOf(claimState: string, r: number): RmaOrdersTable['state'] {
  if (claimState === 'shipped_to_factory') return 'shipped_to_factory';
  if (claimState === 'repairing' || claimState === 'approved') return (['to_ship', 'shipped_to_factory', 'received_by_factory', 'repaired_at_factory', 'shipped_back'] as const)[Math.floor(r * 5)];
  return 'received_by_customer';
}

// ------------------------------------------------------------------------------------------------

export function createServiceHistory(world: World): { referenceRows(): Rows; rowsFor(batch: GeneratedCase[]): Rows; finalRows(): Rows } {
  const { rand, nowMs } = world;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const nowIso = iso(nowMs);
  const today = localDate(nowMs);

  let reference: ServiceReference = world.serviceReference ?? { complaintCategories: [], followupRules: [], questionnaires: [], departmentIds: [], maxAttempts: 3 };
  const parts: Part[] = [];
  const partsOfProduct = new Map<string, Part[]>();
  const warehouses: Location[] = [];
  const vanOf = new Map<string, Location>();
  /** running balance per location|part: the ledger's on_hand_after */
  const onHand = new Map<string, number>();
  const levelCreated = new Map<string, number>();
  const rmaCounters = new Map<number, number>();
  /** months (YYYY-MM, company calendar) with complaints: each had its monthly complaint meeting */
  const complaintMonths = new Set<string>();

  // ---------------------------------------------------------------- parts ledger (in memory)

  /** the ledger's clock: movements are written in time order, so each balance follows the one before it */
  let ledgerMs = 0;
  const movement = (wanted: number, kind: StockMovementsTable['kind'], part: Part, location: Location, quantity: number, extra: Partial<Full<StockMovementsTable>> = {}): Full<StockMovementsTable> => {
    const ms = (ledgerMs = Math.min(nowMs, Math.max(ledgerMs + 1000, wanted)));
    const key = `${location.id}|${part.id}`;
    const after = (onHand.get(key) ?? 0) + quantity;
    if (after < 0) throw new Error(`stock of ${part.name} at ${location.id} would go negative`);
    onHand.set(key, after);
    if (!levelCreated.has(key)) levelCreated.set(key, ms);
    return {
      id: idAt(rand, ms), at: iso(ms), kind, part_id: part.id, location_id: location.id, quantity, reserved_delta: 0,
      on_hand_after: after, reserved_after: 0, reason: null, reference_type: null, reference_id: null, supplier: null,
      actor_id: null, actor_label: '仓库管理员', transfer_id: null, reservation_id: null, request_id: null, created_at: iso(ms), ...extra,
    };
  };
  const stockAt = (location: Location, part: Part) => onHand.get(`${location.id}|${part.id}`) ?? 0;

  /** Make `quantity` of `part` available in the van before `ms`: refill from a warehouse, the warehouse from a supplier. */
  const refill = (ms: number, part: Part, van: Location, quantity: number, out: Full<StockMovementsTable>[]) => {
    if (stockAt(van, part) >= quantity) return;
    const warehouse = pick(warehouses);
    const load = quantity + between(2, 6);
    if (stockAt(warehouse, part) < load) {
      const received = load + between(20, 80);
      out.push(movement(ms - 3 * HOUR, 'receive', part, warehouse, received, { supplier: pick(SUPPLIERS), reason: `采购入库 PO-${localDate(ms).replace(/-/g, '')}-${between(100, 999)}`, reference_type: 'purchase', reference_id: `CG-${localYear(ms)}-${String(between(1, 99999)).padStart(6, '0')}` }));
    }
    const transferId = idAt(rand, ms - 2 * HOUR);
    const reason = '技术员车载库存补货';
    out.push(movement(ms - 2 * HOUR, 'transfer_out', part, warehouse, -load, { transfer_id: transferId, reason }));
    out.push(movement(ms - 2 * HOUR, 'transfer_in', part, van, load, { transfer_id: transferId, reason }));
  };

  // ---------------------------------------------------------------- complaints

  const topCategories = () => reference.complaintCategories.filter((c) => c.parentId === null);
  const pickCategory = () => {
    const tops = topCategories();
    if (!tops.length) return { category: null, sub: null };
    // quality complaints dominate, infringement is rare
    const weights: Record<string, number> = { quality: 45, service: 30, delivery: 10, price: 10, infringement: 5 };
    const weightOf = (c: { resolutionKind: string | null }) => weights[c.resolutionKind ?? ''] ?? 5;
    let r = rand() * tops.reduce((s, c) => s + weightOf(c), 0);
    const category = tops.find((c) => (r -= weightOf(c)) < 0) ?? tops[0];
    const children = reference.complaintCategories.filter((c) => c.parentId === category.id);
    return { category, sub: children.length && rand() < 0.8 ? pick(children) : null };
  };

  function complaintRows(c: GeneratedCase, out: Rows, closedMs: number | null) {
    const p = complaintProgress(c.state);
    const endMs = closedMs ?? nowMs;
    const at = (f: number) => Math.min(nowMs, c.createdMs + Math.floor((endMs - c.createdMs) * f));
    complaintMonths.add(localDate(c.createdMs).slice(0, 7));
    const { category, sub } = pickCategory();
    const quality = pick(world.qualityIds);
    const manager = pick(world.managerIds);
    // a closed complaint either went the whole way or was closed at verification (not ours, the customer's fault …)
    const earlyClosure = p.closed && rand() < 0.2;
    const verified = p.verified || p.closed;
    const full = p.closed ? !earlyClosure : true;
    const verification = earlyClosure ? pick(['not_ours', 'customer_fault', 'third_party'] as const) : 'valid';
    const anonymous = rand() < 0.03;
    const writtenOnly = anonymous || rand() < 0.05;
    const confirmedVia = writtenOnly ? 'written_reply' : rand() < 0.55 ? 'link' : 'call';
    const kind = (category?.resolutionKind ?? 'quality') as keyof typeof OUTCOMES_OF_KIND;
    const outcomes = [...new Set([pick(OUTCOMES_OF_KIND[kind]), ...(rand() < 0.4 ? [pick(OUTCOMES_OF_KIND[kind])] : [])])];
    const responsibility = pick(['company', 'company', 'company', 'customer', 'third_party', 'unclear'] as const);
    // the company's own failures name one or two departments; the customer's or a third party's none
    const departments = responsibility === 'company' && reference.departmentIds.length ? [...new Set([pick(reference.departmentIds), ...(rand() < 0.3 ? [pick(reference.departmentIds)] : [])])] : [];
    const investigated = full && p.investigated;
    const handlingStarted = full && p.planSigned;
    const resultSent = (full && p.resultSent) || earlyClosure;
    const confirmed = full && p.confirmed;
    const tVerify = at(0.06);
    const tInvestigate = at(0.25);
    const tPlan = at(0.4);
    const tResult = at(0.7);
    const tConfirm = at(0.82);
    const tTracking = at(0.9);
    const complaint: Full<ComplaintsTable> = {
      id: idAt(rand, c.createdMs), case_id: c.id, category_id: category?.id ?? null, subcategory_id: sub?.id ?? null,
      anonymous, written_reply_only: writtenOnly, batch_number: kind === 'quality' && rand() < 0.6 ? `PH${localDate(c.createdMs - 90 * DAY).replace(/-/g, '')}${between(1, 9)}` : null,
      verification_result: verified ? verification : null,
      verification_facts: verified ? (earlyClosure ? pick(FACTS.slice(2)) : pick(FACTS.slice(0, 2))) : null,
      verified_at: verified ? iso(tVerify) : null, verified_by: verified ? quality : null,
      evidence: investigated ? JSON.stringify(evidenceOf(c)) : null,
      root_cause: investigated ? pick(ROOT_CAUSES) : null,
      responsibility: investigated ? responsibility : null,
      responsible_departments: investigated && departments.length ? JSON.stringify(departments) : null,
      gm_decision: null, gm_decided_by: null, gm_decided_at: null, meeting: null,
      investigated_at: investigated ? iso(tInvestigate) : null, investigated_by: investigated ? quality : null,
      resolution_outcomes: handlingStarted ? JSON.stringify(outcomes) : null,
      resolution_note: handlingStarted ? `按${outcomes.length > 1 ? '组合方案' : '方案'}处理，${pick(['已与客户电话沟通确认', '客户同意处理方案', '经部门经理审批'])}` : null,
      compensation_fen: handlingStarted && outcomes.includes('compensation') ? between(5, 200) * 1000 : null,
      result_text: resultSent ? (earlyClosure ? `经核实：${complaint_facts(verification)}，特此书面答复。` : pick(RESULTS)) : null,
      result_sent_at: resultSent ? iso(earlyClosure ? tVerify : tResult) : null,
      rounds: 1, unsatisfied_count: 0,
      confirmed_at: confirmed ? iso(tConfirm) : null, confirmed_via: confirmed ? confirmedVia : null,
      confirmation_note: confirmed ? (confirmedVia === 'written_reply' ? '已附客户书面回复' : confirmedVia === 'call' ? '电话确认客户满意，通话已录音' : '客户通过确认链接确认') : null,
      closure_reason: p.closed ? (earlyClosure ? '核实不属本公司责任，已书面答复' : '客户确认满意，总经理批准结案') : null,
      extension_state: null, extension_reason: null, extension_requested_by: null, extension_requested_at: null,
      extension_decided_by: null, extension_decided_at: null, extension_comment: null,
      task_force: null, management_notified_at: null,
      version: 1 + [verified, investigated, handlingStarted, resultSent, confirmed, p.closed].filter(Boolean).length,
      created_at: c.createdAt, updated_at: iso(Math.max(c.createdMs, at(1))),
    };
    // one in ten went round once more: the complainant was not satisfied with the first result
    if (confirmed && rand() < 0.1) {
      complaint.rounds = 2;
      complaint.unsatisfied_count = 1;
    }
    out.complaints.push(complaint);

    const signature = (step: ComplaintSignaturesTable['step'], signer: string, ms: number, comment: string): Full<ComplaintSignaturesTable> => ({
      id: idAt(rand, ms), case_id: c.id, step, decision: 'approved', department_id: null, signer_id: signer, comment, signed_at: iso(ms), superseded_at: null,
    });
    if (handlingStarted) out.complaint_signatures.push(signature('action_plan', manager, tPlan, '同意处理方案'));
    if (full && p.trackingSigned) out.complaint_signatures.push(signature('tracking_sheet', quality, tTracking, '闭环跟踪单已核对'));
    if (full && p.closed) out.complaint_signatures.push(signature('closure', manager, at(1), '同意结案'));

    // 谁投诉谁关闭: a link per round once the result was sent
    if (full && p.resultSent && !writtenOnly) {
      const used = confirmed && confirmedVia === 'link';
      out.complaint_confirmation_links.push({
        id: idAt(rand, tResult), case_id: c.id, round: complaint.rounds, expires_at: iso(tResult + 7 * DAY), used_at: used ? iso(tConfirm) : null,
        result: used ? 'confirmed' : null, reason: null, revoked_at: null, created_by: c.ownerId, created_at: iso(tResult),
      } satisfies Full<ComplaintConfirmationLinksTable>);
    }

    // corrective and preventive actions: about half of the closed ones, most of those being handled
    if (handlingStarted && (p.closed ? rand() < 0.5 : rand() < 0.7)) {
      for (const capaKind of rand() < 0.5 ? (['corrective', 'preventive'] as const) : (['corrective'] as const)) {
        const dueMs = tPlan + between(7, 30) * DAY;
        const done = p.closed || (p.handled && rand() < 0.8) || rand() < 0.3;
        const verifiedCapa = done && p.closed;
        const doneMs = Math.min(nowMs, tPlan + (dueMs - tPlan) * (0.3 + rand() * 0.6));
        const overdue = !done && dueMs < nowMs;
        out.complaint_actions.push({
          id: idAt(rand, tPlan), case_id: c.id, meeting_id: null, kind: capaKind,
          description: capaKind === 'corrective' ? pick(CORRECTIVE) : pick(PREVENTIVE),
          owner_id: pick(world.qualityIds), department_id: departments[0] ?? null, due_on: localDate(dueMs),
          state: verifiedCapa ? 'verified' : done ? 'done' : 'open',
          evidence: done ? '整改记录及照片已上传' : null, done_at: done ? iso(doneMs) : null,
          verified_by: verifiedCapa ? quality : null, verified_at: verifiedCapa ? iso(Math.max(doneMs, at(0.95))) : null,
          verification_note: verifiedCapa ? '抽查整改结果有效' : null,
          overdue_at: overdue ? iso(dueMs + DAY) : null,
          created_by: quality, version: verifiedCapa ? 3 : done ? 2 : 1, created_at: iso(tPlan), updated_at: iso(verifiedCapa ? Math.max(doneMs, at(0.95)) : done ? doneMs : tPlan),
        } satisfies Full<ComplaintActionsTable>);
      }
    }
    return { closedFully: full && p.closed };
  }

  /** What the investigation collected (contracts/complaints evidenceItem). */
  function evidenceOf(c: GeneratedCase): EvidenceItem[] {
    const items: EvidenceItem[] = [{ kind: 'photo', description: `${c.title}故障部位照片3张`, caseId: null, attachmentId: null }];
    if (rand() < 0.6) items.push({ kind: 'inspection_report', description: '品质部检测报告：故障复现，判定为元器件失效', caseId: null, attachmentId: null });
    if (rand() < 0.4) items.push({ kind: 'customer_statement', description: '客户书面陈述及购买凭证复印件', caseId: null, attachmentId: null });
    return items;
  }

  function complaint_facts(result: string) {
    return result === 'not_ours' ? '该产品非本公司销售' : result === 'customer_fault' ? '故障系使用不当造成' : '问题由第三方施工造成';
  }

  // ---------------------------------------------------------------- follow-ups

  const questionsOf = (id: string | null) => (reference.questionnaires.find((q) => q.id === id)?.questions ?? []) as Question[];
  const severityRole = (severity: string | undefined) => DEFAULT_FOLLOWUP_SETTINGS.severityRoles[(severity ?? 'general') as keyof typeof DEFAULT_FOLLOWUP_SETTINGS.severityRoles] ?? 'agent';

  /** Answers to a questionnaire as a satisfied (or not) customer gives them. */
  function answersFor(questions: readonly Question[], satisfaction: number, resolved: boolean) {
    const answers: Record<string, string | number> = {};
    for (const q of questions) {
      if (q.kind === 'scale') answers[q.key] = Math.max(q.min ?? 1, Math.min(q.max ?? 5, satisfaction + (rand() < 0.3 ? -1 : 0)));
      else if (q.kind === 'choice') answers[q.key] = (resolved ? q.options?.[0]?.value : q.options?.[q.options.length - 1]?.value) ?? '';
      else if (rand() < 0.4) answers[q.key] = pick(REMARKS);
    }
    return answers;
  }

  function followupRows(c: GeneratedCase, trigger: 'case_closed' | 'complaint_closure', sourceId: string, closedMs: number, out: Rows) {
    const rules = reference.followupRules
      .filter((r) => r.triggerKind === trigger && r.purpose === 'follow_up' && (!r.caseTypes.length || r.caseTypes.includes(c.type)))
      .sort((a, b) => b.priority - a.priority);
    let first: Full<FollowupTasksTable> | null = null;
    for (const rule of rules) {
      const sourceKey = trigger === 'case_closed' ? `case:${rule.id}:${c.id}` : `complaint:${rule.id}:${sourceId}`;
      if (!isSampled(sourceKey, rule.samplingPercent)) continue;
      const planned = callSlot(closedMs + rule.delayHours * HOUR, rand);
      const dueBy = Math.max(planned, closedMs + rule.windowHours * HOUR);
      const role = rule.assignee === 'by_severity' ? severityRole(c.severity) : rule.assignee === 'manager' ? 'department_head' : rule.assignee;
      const task: Full<FollowupTasksTable> = {
        id: idAt(rand, closedMs), rule_id: rule.id, source_key: sourceKey, purpose: 'follow_up', customer_id: c.party.customerId, case_id: c.id,
        unit_id: c.type === 'consultation' ? null : c.party.unitId, order_id: null, previous_task_id: null, round: 1,
        anchor_at: iso(closedMs), planned_at: iso(planned), due_by: iso(dueBy), due_at: iso(planned), channel: rule.channel as FollowupTasksTable['channel'],
        assignee_role: role, assignee_id: null, priority: rule.priority, questionnaire_id: rule.questionnaireId, case_demanded: rule.caseDemanded,
        restricted: rule.restricted, state: 'pending', state_reason: null, merged_into_id: null, attempts: 0, max_attempts: reference.maxAttempts,
        reached: null, score: null, opened_case_id: null, done_at: null, done_by: null, version: 1, created_at: iso(closedMs), updated_at: iso(closedMs),
      };
      out.followup_tasks.push(task);
      if (first) {
        // a second rule's call for the same customer joins the first one (followups.plan.ts decideRespect)
        Object.assign(task, { state: 'merged', merged_into_id: first.id, state_reason: 'merged_same_customer', planned_at: first.planned_at, due_at: first.planned_at });
        continue;
      }
      first = task;
      // a customer who asked not to be called is skipped, unless the case demands the call
      if (!rule.caseDemanded && rand() < 0.02) {
        Object.assign(task, { state: 'skipped', state_reason: 'do_not_disturb' });
        continue;
      }
      workTask(task, planned, dueBy, out);
    }
  }

  /** The calls made on a task up to now: done with answers, unreached after the attempts, or still pending. */
  function workTask(task: Full<FollowupTasksTable>, planned: number, dueBy: number, out: Rows) {
    if (planned > nowMs) return; // planned for later: pending, not yet in the queue
    const caller = pick(world.agentIds);
    const recent = dueBy > nowMs;
    // recent tasks are often still waiting (today's queue); old ones were worked, a few of last week's are late
    const late = !recent && dueBy > nowMs - 7 * DAY && rand() < 0.15;
    const outcome = recent ? (rand() < 0.45 ? 'done' : 'pending') : late ? 'pending' : rand() < 0.88 ? 'done' : 'unreached';
    const failed = outcome === 'unreached' ? task.max_attempts : outcome === 'pending' ? (rand() < 0.4 ? 1 : 0) : rand() < 0.25 ? 1 : 0;
    let t = planned;
    for (let n = 1; n <= failed; n++) {
      const next = callSlot(t + 4 * HOUR, rand);
      const last = n === failed && outcome !== 'pending';
      out.followup_attempts.push({
        id: idAt(rand, t), task_id: task.id, attempt_no: n, channel: task.channel, reached: false, answers: null, questionnaire_score: null, score: null,
        problems: null, problem_resolved: null, suggestions: null, note: pick(NO_ANSWER), signer_name: null, signature: null,
        next_attempt_at: last ? null : iso(next), opened_case_id: null, recorded_by: caller, recorded_at: iso(t),
      } satisfies Full<FollowupAttemptsTable>);
      if (!last) t = Math.min(next, outcome === 'pending' ? nowMs : next);
    }
    task.attempts = failed;
    task.updated_at = iso(Math.min(t, nowMs));
    task.version = 1 + failed;
    if (outcome === 'pending') {
      task.due_at = iso(t);
      return;
    }
    if (outcome === 'unreached') {
      Object.assign(task, { state: 'unreached', reached: false, done_at: iso(t), done_by: caller });
      return;
    }
    const satisfaction = pick([5, 5, 5, 4, 4, 4, 3, 2]);
    const resolved = satisfaction >= 3 || rand() < 0.5;
    const questions = questionsOf(task.questionnaire_id);
    const answers = answersFor(questions, satisfaction, resolved);
    const doneMs = Math.min(nowMs, t + between(2, 15) * 60_000);
    out.followup_attempts.push({
      id: idAt(rand, doneMs), task_id: task.id, attempt_no: failed + 1, channel: task.channel, reached: true, answers: JSON.stringify(answers),
      questionnaire_score: questions.length ? scoreAnswers(questions, answers) : null, score: satisfaction,
      problems: resolved ? null : '设备仍有间歇性故障', problem_resolved: resolved, suggestions: rand() < 0.3 ? pick(REMARKS) : null,
      note: resolved ? '客户表示问题已解决' : '客户反映问题未彻底解决，已记录', signer_name: null, signature: null, next_attempt_at: null,
      opened_case_id: null, recorded_by: caller, recorded_at: iso(doneMs),
    } satisfies Full<FollowupAttemptsTable>);
    Object.assign(task, { state: 'done', attempts: failed + 1, reached: true, score: satisfaction, done_at: iso(doneMs), done_by: caller, version: failed + 2, updated_at: iso(doneMs) });
  }

  // ---------------------------------------------------------------- parts issued to repairs

  function partsRows(c: GeneratedCase, closedMs: number, out: Rows) {
    const van = c.technicianId ? vanOf.get(c.technicianId) : undefined;
    if (!van || c.state !== 'closed' || rand() >= 0.4) return;
    const candidates = partsOfProduct.get(c.party.productId) ?? parts;
    if (!candidates.length) return;
    // used at the visit, hours after the case was opened (cases come oldest first, so the ledger stays in order)
    const usedAt = Math.min(closedMs, c.createdMs + between(2, 20) * HOUR);
    const lines = [...new Set(Array.from({ length: between(1, 3) }, () => pick(candidates)))];
    for (const part of lines) {
      const quantity = rand() < 0.85 ? 1 : 2;
      refill(usedAt, part, van, quantity, out.stock_movements as Full<StockMovementsTable>[]);
      out.stock_movements.push(
        movement(usedAt, 'issue', part, van, -quantity, { reference_type: 'case', reference_id: c.id, reason: `${c.number} 维修领用`, actor_id: c.technicianId, actor_label: '技术员' }),
      );
      // an unused part back to the van now and then
      if (quantity === 2 && rand() < 0.3) {
        out.stock_movements.push(movement(usedAt + 2 * HOUR, 'return', part, van, 1, { reference_type: 'case', reference_id: c.id, reason: '多领未用，退回车载库存', actor_id: c.technicianId, actor_label: '技术员' }));
      }
    }
    // stock counts find a difference once in a while (破损, 盘盈)
    if (rand() < 0.02) {
      const part = pick(lines);
      const warehouse = pick(warehouses);
      const have = stockAt(warehouse, part);
      const delta = have > 0 && rand() < 0.7 ? -1 : 1;
      out.stock_movements.push(movement(usedAt + 3 * HOUR, 'adjust', part, warehouse, delta, { reason: delta < 0 ? '盘点发现包装破损，报废1件' : '盘点盘盈，补录入账', reference_type: 'stock_count', reference_id: `PD-${localDate(usedAt).replace(/-/g, '')}` }));
    }
  }

  // ---------------------------------------------------------------- warranty claims and returns

  function claimRows(c: GeneratedCase, closedMs: number | null, out: Rows) {
    const type = c.type as 'warranty_claim' | 'return';
    const decision = claimDecisionOf(c.state, type, rand());
    const reviewed = decision !== null || c.state === 'reviewed';
    const reviewer = pick(world.agentIds);
    const endMs = closedMs ?? nowMs;
    const at = (f: number) => Math.min(nowMs, c.createdMs + Math.floor((endMs - c.createdMs) * f));
    // a rejected claim is mostly one out of warranty; the others bought within the warranty months
    const ageDays = decision === 'reject' ? between(800, 1400) : between(20, 650);
    const purchase = localDate(c.createdMs - ageDays * DAY);
    const snapshot = reviewed ? entitlement({ product: { defaultWarrantyMonths: 24, postRepairWarrantyDays: 90 }, purchaseProof: { purchaseDate: purchase }, asOf: localDate(at(0.2)) }) : null;
    const sent = ['result_sent', 'closed'].includes(c.state);
    const factory = decision === 'repair' && rand() < 0.5;
    const tDecide = at(0.35);
    out.warranty_claims.push({
      id: idAt(rand, c.createdMs), case_id: c.id, proof_purchase_date: purchase, proof_document_number: `FP${purchase.replace(/-/g, '')}${between(10000, 99999)}`,
      proof_seller: pick(SELLERS), proof_attachment_id: null, entitlement: snapshot ? JSON.stringify(snapshot) : null, eligible: snapshot ? snapshot.inWarranty : null,
      reviewed_at: reviewed ? iso(at(0.2)) : null, reviewed_by: reviewed ? reviewer : null, decision, repair_mode: decision === 'repair' ? (factory ? 'factory' : 'repair_case') : null,
      repair_case_id: null, decided_at: decision ? iso(tDecide) : null, decided_by: decision ? pick(world.managerIds) : null,
      result_text: sent ? (decision === 'reject' ? '经审核，您的产品已超出保修期，可为您提供有偿维修服务。' : '您的保修申请已处理完毕，感谢您的耐心等待。') : null,
      result_sent_at: sent ? iso(at(0.9)) : null, version: 1 + [reviewed, decision, sent, c.state === 'closed'].filter(Boolean).length,
      created_at: c.createdAt, updated_at: iso(at(1)),
    } satisfies Full<WarrantyClaimsTable>);
    if (!decision) return;
    out.warranty_decisions.push({
      id: idAt(rand, tDecide), case_id: c.id, decision, note: decision === 'reject' ? '超出三包有效期' : pick(['符合三包规定', '检测确认为产品本身质量问题', '客户提供购买凭证齐全']),
      entitlement: JSON.stringify(snapshot), data: null, decided_by: pick(world.managerIds), decided_at: iso(tDecide), superseded_at: null,
    } satisfies Full<WarrantyDecisionsTable>);
    if (!factory) return;
    // 返厂: the RMA and its shipments (shipping borne by the company)
    const state = rmaStateOf(c.state, rand());
    const steps = ['to_ship', 'shipped_to_factory', 'received_by_factory', 'repaired_at_factory', 'shipped_back', 'received_by_customer'];
    const reached = (s: string) => steps.indexOf(state) >= steps.indexOf(s);
    const stepAt = (s: string) => (reached(s) ? iso(at(0.35 + 0.1 * steps.indexOf(s))) : null);
    const year = localYear(tDecide);
    const n = (rmaCounters.get(year) ?? 0) + 1;
    rmaCounters.set(year, n);
    const [factoryName, factoryAddress] = pick(FACTORIES);
    const rmaId = idAt(rand, tDecide);
    out.rma_orders.push({
      id: rmaId, number: `${RMA_NUMBER_PREFIX}-${year}-${String(n).padStart(6, '0')}`, case_id: c.id, unit_id: c.party.unitId, state,
      factory_name: factoryName, factory_address: factoryAddress, fault_description: c.title,
      factory_repair_notes: reached('repaired_at_factory') ? pick(['更换主控板后老化测试48小时通过', '更换压缩机并重新充注冷媒', '重新焊接电源模块，整机检测合格']) : null,
      shipped_to_factory_at: stepAt('shipped_to_factory'), received_by_factory_at: stepAt('received_by_factory'), repaired_at_factory_at: stepAt('repaired_at_factory'),
      unrepairable_at: null, shipped_back_at: stepAt('shipped_back'), received_by_customer_at: stepAt('received_by_customer'), cancelled_at: null,
      created_by: c.ownerId, version: 1 + steps.indexOf(state), created_at: iso(tDecide), updated_at: stepAt(state) ?? iso(tDecide),
    } satisfies Full<RmaOrdersTable>);
    const shipment = (direction: 'outbound' | 'return', shipped: string, received: string | null): Full<RmaShipmentsTable> => ({
      id: idAt(rand, Date.parse(shipped)), rma_id: rmaId, case_id: c.id, direction, carrier: pick(CARRIERS),
      tracking_number: `SF${between(1000, 9999)}${between(10000000, 99999999)}`, cost_fen: between(15, 60) * 100, shipped_at: shipped, received_at: received,
      created_by: c.ownerId, created_at: shipped,
    });
    if (reached('shipped_to_factory')) out.rma_shipments.push(shipment('outbound', stepAt('shipped_to_factory')!, stepAt('received_by_factory')));
    if (reached('shipped_back')) out.rma_shipments.push(shipment('return', stepAt('shipped_back')!, stepAt('received_by_customer')));
  }

  // ---------------------------------------------------------------- monthly complaint meetings

  /** A meeting early in the next month for every past month with complaints; its decisions are tracked actions (recent ones open, some overdue). */
  function meetingRows() {
    const meetings: Full<ComplaintMeetingsTable>[] = [];
    const actions: Full<ComplaintActionsTable>[] = [];
    const thisMonth = today.slice(0, 7);
    for (const month of [...complaintMonths].sort()) {
      if (month >= thisMonth) continue;
      const [y, m] = month.split('-').map(Number);
      const heldOn = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-${String(between(3, 8)).padStart(2, '0')}`;
      const heldMs = Math.min(nowMs - HOUR, Date.parse(`${heldOn}T06:00:00Z`));
      const chair = pick(world.managerIds);
      const id = idAt(rand, heldMs);
      meetings.push({
        id, month, held_on: localDate(heldMs), topics: JSON.stringify([...new Set([pick(MEETING_TOPICS), pick(MEETING_TOPICS)])]),
        attendees: '总经理、品质部、售后服务部、生产部、采购部', minutes: `${month.replace('-', '年')}月投诉分析会：${pick(ROOT_CAUSES)}，决定${pick(PREVENTIVE)}。`,
        created_by: chair, version: 1, created_at: iso(heldMs), updated_at: iso(heldMs),
      });
      for (let i = 0; i < between(1, 2); i++) {
        const dueMs = heldMs + between(14, 45) * DAY;
        // most decisions were carried out; one in ten of the old ones and half of the recent ones past due are still open
        const done = dueMs < nowMs - 20 * DAY ? rand() < 0.9 : dueMs < nowMs ? rand() < 0.5 : rand() < 0.2;
        const verifiedAction = done && dueMs < nowMs - 20 * DAY;
        const doneMs = Math.min(nowMs, heldMs + (dueMs - heldMs) * (0.4 + rand() * 0.5));
        const updated = verifiedAction ? doneMs + 3 * DAY : done ? doneMs : heldMs;
        actions.push({
          id: idAt(rand, heldMs), case_id: null, meeting_id: id, kind: pick(['process_change', 'preventive'] as const), description: pick(PREVENTIVE),
          owner_id: pick(world.qualityIds), department_id: reference.departmentIds.length ? pick(reference.departmentIds) : null, due_on: localDate(dueMs),
          state: verifiedAction ? 'verified' : done ? 'done' : 'open', evidence: done ? '制度文件已修订发布' : null, done_at: done ? iso(doneMs) : null,
          verified_by: verifiedAction ? chair : null, verified_at: verifiedAction ? iso(doneMs + 3 * DAY) : null, verification_note: verifiedAction ? '已验证有效' : null,
          // the sweeper marks an open action past its due day (complaint.capa.overdue)
          overdue_at: !done && dueMs < nowMs ? iso(Math.min(nowMs, dueMs + DAY)) : null,
          created_by: chair, version: verifiedAction ? 3 : done ? 2 : 1, created_at: iso(heldMs), updated_at: iso(Math.min(nowMs, updated)),
        });
      }
    }
    return { meetings, actions };
  }

  // ---------------------------------------------------------------- the three calls

  return {
    referenceRows(): Rows {
      const rows: Rows = {};
      if (!world.serviceReference || !reference.complaintCategories.length || !reference.followupRules.length) {
        const fallback = fallbackReference(world, nowIso);
        reference = { ...fallback.reference, departmentIds: world.serviceReference?.departmentIds ?? [] };
        Object.assign(rows, fallback.rows);
      }
      // the departments complaints name as responsible (R-CMP-4), when the company has none
      if (!reference.departmentIds.length) {
        rows.departments = DEPARTMENTS.map(([code, name]) => ({
          id: idAt(rand, nowMs), code, name, parent_id: null, head_user_id: null, archived: false, version: 1, created_at: nowIso, updated_at: nowIso,
        }));
        reference.departmentIds = rows.departments.map((d) => d.id as string);
      }
      // the spare-parts catalogue: 15 parts of each kind, each fitting a few products
      const spareParts: Full<SparePartsTable>[] = [];
      const partProducts: Full<PartProductsTable>[] = [];
      PART_KINDS.forEach(([kindName, unit, [lo, hi]], k) => {
        for (let i = 0; i < 15; i++) {
          const fits = [...new Set(Array.from({ length: between(1, 4) }, () => pick(world.products)))];
          const id = idAt(rand, nowMs);
          const name = `${fits[0]?.name.split(' ')[0] ?? ''}${kindName}`;
          spareParts.push({
            id, code: `BP-${String(k + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`, name, specification: `适用 ${fits.map((p) => p.model).join('/')}`,
            unit_of_measure: unit, category_id: fits[0]?.categoryId ?? null, standard_cost_fen: between(lo, hi) * 100, min_stock: between(2, 10),
            status: 'active', notes: null, version: 1, created_at: nowIso, updated_at: nowIso,
          });
          for (const product of fits) partProducts.push({ part_id: id, product_id: product.id });
          const part = { id, name, productIds: fits.map((p) => p.id) };
          parts.push(part);
          for (const product of fits) partsOfProduct.set(product.id, [...(partsOfProduct.get(product.id) ?? []), part]);
        }
      });
      const locations: Full<StockLocationsTable>[] = WAREHOUSES.map(([code, name, address], i) => ({
        id: idAt(rand, nowMs), code, name, kind: 'warehouse', technician_user_id: null, region_id: world.regionIds[i % world.regionIds.length] ?? null,
        address, archived: false, version: 1, created_at: nowIso, updated_at: nowIso,
      }));
      world.technicianIds.forEach((technicianId, i) =>
        locations.push({
          id: idAt(rand, nowMs), code: `BENCH-VAN-${String(i + 1).padStart(3, '0')}`, name: `工程师车载库 ${i + 1}号`, kind: 'van', technician_user_id: technicianId,
          region_id: pick(world.regionIds) ?? null, address: null, archived: false, version: 1, created_at: nowIso, updated_at: nowIso,
        }),
      );
      for (const l of locations) {
        if (l.kind === 'warehouse') warehouses.push({ id: l.id, kind: 'warehouse' });
        else vanOf.set(l.technician_user_id!, { id: l.id, kind: 'van' });
      }
      return { ...rows, spare_parts: spareParts, part_products: partProducts, stock_locations: locations };
    },

    rowsFor(batch: GeneratedCase[]): Rows {
      const out: Rows = {
        complaints: [], complaint_signatures: [], complaint_confirmation_links: [], complaint_actions: [],
        warranty_claims: [], warranty_decisions: [], rma_orders: [], rma_shipments: [],
        followup_tasks: [], followup_attempts: [], stock_movements: [],
      };
      for (const c of batch) {
        // a case closed "in the future" (generated close after now) counts as closed now
        const closedMs = c.closedAt ? Math.min(nowMs, Date.parse(c.closedAt)) : null;
        if (c.type === 'complaint') {
          const { closedFully } = complaintRows(c, out, closedMs);
          if (closedFully && closedMs) followupRows(c, 'complaint_closure', (out.complaints.at(-1) as { id: string }).id, closedMs, out);
        } else if (c.type === 'warranty_claim' || c.type === 'return') {
          claimRows(c, closedMs, out);
        } else if (c.type === 'repair' && closedMs && c.state !== 'cancelled') {
          partsRows(c, closedMs, out);
          followupRows(c, 'case_closed', c.id, closedMs, out);
        }
      }
      return out;
    },

    finalRows(): Rows {
      const levels: Full<StockLevelsTable>[] = [];
      for (const [key, quantity] of onHand) {
        const [locationId, partId] = key.split('|');
        const created = levelCreated.get(key) ?? nowMs;
        levels.push({ id: idAt(rand, created), location_id: locationId, part_id: partId, on_hand: quantity, reserved: 0, min_quantity: null, version: 1, created_at: iso(created), updated_at: nowIso });
      }
      const { meetings, actions } = meetingRows();
      const counters = [...rmaCounters].map(([year, value]) => ({ kind: RMA_NUMBER_PREFIX, year, value }));
      return { stock_levels: levels, complaint_meetings: meetings, complaint_actions: actions, counters };
    },
  };
}
