import {
  addCapa,
  applyComplaintAction,
  openComplaint,
  saveInvestigation,
  saveResolution,
  setTaskForce,
} from '../modules/complaints/complaints.service.js';
import { addDays, localDateOf } from '../platform/calendar/index.js';
import type { ServiceContext } from '../platform/context.js';
import type { DemoCaseStep, DemoCaseWorld, DemoStory } from './demo-cases.js';
import { caseVersion } from './demo-cases.repository.js';

/**
 * Demo complaints (投诉) in the steps a department sees on an ordinary day, made through the
 * complaints service: a new one, one being investigated, a plan waiting for the department head,
 * one waiting for the complainant's confirmation, a carrier fault closed at verification, and a
 * major quality problem with its task force. Registered in DEMO_CASE_STEPS (demo-cases.ts).
 */

const MIN = 60_000;
const plus = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MIN);

type Stage = 'new' | 'investigating' | 'plan_review' | 'awaiting_confirmation' | 'carrier' | 'major';

interface DemoComplaint {
  stage: Stage;
  category: string;
  subcategory?: string;
  title: string;
  description: string;
  severity?: 'general' | 'important' | 'major';
  daysAgo: number;
}

const COMPLAINTS: DemoComplaint[] = [
  { stage: 'new', category: 'service', subcategory: 'service.after_sales', title: '维修人员上门迟到两小时且未提前告知', description: '预约上午9点上门，11点才到，期间电话无人接听。', daysAgo: 0 },
  { stage: 'investigating', category: 'quality', subcategory: 'quality.performance', title: '新装筒灯三个月内多只不亮', description: '会议室安装的24只筒灯已有5只不亮，要求尽快处理并说明原因。', severity: 'important', daysAgo: 2 },
  { stage: 'plan_review', category: 'quality', subcategory: 'quality.appearance', title: '吸顶灯灯罩发黄', description: '使用半年灯罩明显发黄，影响美观。', daysAgo: 4 },
  { stage: 'awaiting_confirmation', category: 'price', subcategory: 'price.contract', title: '结算单价与合同不符', description: '平板灯结算单价比合同约定高出8元/只。', daysAgo: 6 },
  { stage: 'carrier', category: 'delivery', title: '到货外箱破损，两只灯具灯罩碎裂', description: '物流送货时外箱已破损，开箱发现灯罩碎裂。', daysAgo: 3 },
  { stage: 'major', category: 'quality', subcategory: 'quality.performance', title: '整批路灯夜间频闪，影响道路照明', description: '同批次120盏路灯出现频闪，业主要求停用整改。', severity: 'major', daysAgo: 1 },
];

async function categoryIds(w: DemoCaseWorld): Promise<Map<string, string>> {
  const rows = await w.tx.db.selectFrom('complaint_categories').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function complaintVersion(ctx: ServiceContext, caseId: string): Promise<number> {
  const row = await ctx.db.selectFrom('complaints').select('version').where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(row.version);
}

export const complaintsStep: DemoCaseStep = {
  name: 'complaints',
  plan(w) {
    let categories: Map<string, string> | null = null;
    const agents = ['agent1', 'agent2', 'agent3'] as const;
    return COMPLAINTS.map((c, i): DemoStory => {
      const owner = agents[i % agents.length]!;
      const opened = c.daysAgo === 0 ? w.ago(40) : w.at(w.workingDaysAgo(c.daysAgo), i % 2 ? '10:15' : '14:30');
      const unit = w.takeUnit({ boughtBefore: localDateOf(opened, w.calendar), kind: c.stage === 'major' ? 'company' : undefined });
      const state = { caseId: '' };
      const beats: DemoStory = [];
      const step = (at: Date, run: (at: Date) => Promise<unknown>) => beats.push({ at, run });
      const act = (who: Parameters<DemoCaseWorld['as']>[0], action: string, extra: { note?: string; data?: Record<string, unknown> } = {}) => async (at: Date) => {
        const ctx = w.as(who, at);
        return applyComplaintAction(ctx, state.caseId, { action, version: await caseVersion(ctx.db, state.caseId), ...extra });
      };
      step(opened, async (at) => {
        categories ??= await categoryIds(w);
        const view = await openComplaint(w.as(owner, at), {
          channel: 'phone',
          customerId: unit.customer_id,
          contactId: unit.contactId,
          unitId: unit.unit_id,
          title: c.title,
          description: c.description,
          severity: c.severity ?? 'general',
          categoryId: categories.get(c.category)!,
          subcategoryId: c.subcategory ? categories.get(c.subcategory)! : null,
          batchNumber: c.stage === 'major' ? `PH${w.today.slice(0, 4)}-0815` : null,
        });
        state.caseId = view.case.id;
        w.counts.demo_complaints = (w.counts.demo_complaints ?? 0) + 1;
      });
      if (c.stage === 'new') return beats;
      step(plus(opened, 30), act(owner, 'acknowledge', { note: '已受理，将在24小时内核实' }));
      if (c.stage === 'carrier') {
        step(
          plus(opened, 5 * 60),
          act(owner, 'verify', { data: { result: 'third_party', facts: '签收单注明外箱破损，系承运商运输途中造成；已补发灯具并协助客户向承运商索赔。' } }),
        );
        return beats;
      }
      step(plus(opened, 4 * 60), act(owner, 'verify', { data: { result: 'valid', facts: '经电话核实及照片确认，投诉情况属实。' } }));
      if (c.stage === 'major') {
        step(plus(opened, 5 * 60), async (at) => {
          const ctx = w.as('supervisor', at);
          const head = w.as('head', at).actor.id!;
          const quality = w.as('quality', at).actor.id!;
          await setTaskForce(ctx, state.caseId, { leaderId: head, memberIds: [quality, ctx.actor.id!], version: await complaintVersion(ctx, state.caseId) });
        });
        return beats;
      }
      if (c.stage === 'investigating') return beats;
      step(plus(opened, 24 * 60), async (at) => {
        const ctx = w.as(owner, at);
        const head = w.as('head', at).actor;
        await saveInvestigation(ctx, state.caseId, {
          version: await complaintVersion(ctx, state.caseId),
          evidence: [
            { kind: 'photo', description: '客户提供的现场照片' },
            { kind: 'inspection_report', description: '品质部抽检记录' },
          ],
          rootCause: c.category === 'price' ? '销售订单录入时未按合同价格执行' : '灯罩材料批次耐黄变性能不足',
          responsibility: 'company',
          departmentIds: head.kind === 'user' && head.departmentId ? [head.departmentId] : [],
        });
      });
      step(plus(opened, 24 * 60 + 10), act(owner, 'submit_analysis'));
      step(plus(opened, 24 * 60 + 20), async (at) => {
        const ctx = w.as(owner, at);
        const head = w.as('head', at).actor;
        await addCapa(ctx, state.caseId, {
          kind: 'corrective',
          description: c.category === 'price' ? '按合同价格重开结算单并退还差价' : '为客户更换全部发黄灯罩',
          ownerId: head.id!,
          departmentId: head.kind === 'user' ? head.departmentId : null,
          dueOn: addDays(localDateOf(at, w.calendar), 10),
        });
        await addCapa(ctx, state.caseId, {
          kind: 'preventive',
          description: c.category === 'price' ? '订单录入增加合同价格复核' : '灯罩来料增加耐黄变测试',
          ownerId: w.as('quality', at).actor.id!,
          dueOn: addDays(localDateOf(at, w.calendar), 30),
        });
      });
      step(plus(opened, 24 * 60 + 30), act(owner, 'submit_plan'));
      if (c.stage === 'plan_review') return beats;
      step(plus(opened, 26 * 60), act('head', 'sign_plan', { note: '同意处理方案' }));
      step(plus(opened, 27 * 60), async (at) => {
        const ctx = w.as(owner, at);
        await saveResolution(ctx, state.caseId, {
          outcomes: ['price_correction', 'explanation'],
          note: '已按合同价格重新开具结算单，差价960元退回客户账户，并书面说明原因。',
          version: await complaintVersion(ctx, state.caseId),
        });
      });
      step(plus(opened, 2 * 24 * 60), act(owner, 'complete_handling'));
      step(plus(opened, 2 * 24 * 60 + 30), act(owner, 'send_result', { note: '差价960元已退回，结算单已按合同价格重开。' }));
      return beats;
    });
  },
};
