/**
 * Rates and reports (R-FUP-8, R-SAT-3): per rule and period (by planned day) — due (finished, or its
 * window passed), done, reached, rate against the rule's target; per employee — calls made and
 * reached, and the satisfaction of the customers whose cases the employee owned (score ≥ 4 of 5
 * counts as satisfied) in the bands >[90] % commendation, <[70] % warning, <[50] % failing; the
 * supervisor's review comments (回访报告); the annual customer satisfaction analysis
 * (顾客满意度分析报告) as XLSX and PDF.
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import PDFDocument from 'pdfkit';
import type { FollowupRates } from '../../../contracts/followups.js';
import { recordAudit } from '../../platform/audit.js';
import { addDays, wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions.js';
import { loadCompanyCalendar } from '../calendar/calendar.service.js';
import { readFollowupSettings } from './followups.settings.js';
import { campaignStats } from './surveys.service.js';

/** The CJK font shipped as an npm package (pdfkit subsets it), so Chinese renders on any reader. */
const REPORT_FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** reached / due in percent (one decimal), null when nothing was due. */
export function ratePercent(reached: number, due: number): number | null {
  return due > 0 ? Math.round((reached / due) * 1000) / 10 : null;
}

export type Band = 'commendation' | 'normal' | 'warning' | 'failing';

/** R-SAT-3: >commendation → commendation; <failing → failing; <warning → warning; else normal. */
export function bandOf(percent: number | null, bands: { commendationPercent: number; warningPercent: number; failingPercent: number }): Band | null {
  if (percent === null) return null;
  if (percent > bands.commendationPercent) return 'commendation';
  if (percent < bands.failingPercent) return 'failing';
  if (percent < bands.warningPercent) return 'warning';
  return 'normal';
}

/** A score of 4 or 5 (满意, 非常满意) is a satisfied customer. */
export const SATISFIED_SCORE = 4;

async function period(ctx: ServiceContext, from: string, to: string) {
  if (to < from) throw new BadRequestError('结束日期不能早于开始日期 (to must not be before from)', [{ path: ['querystring', 'to'], message: 'to < from' }]);
  const cal = await loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
  return { start: wallTimeToInstant(from, 0, cal.timeZone).toISOString(), end: wallTimeToInstant(addDays(to, 1), 0, cal.timeZone).toISOString() };
}

export async function followupRates(ctx: ServiceContext, query: { from: string; to: string }): Promise<FollowupRates> {
  assertCan(ctx.actor, 'followup.read');
  const { start, end } = await period(ctx, query.from, query.to);
  const settings = await readFollowupSettings(ctx.db);
  const nowIso = ctx.clock.now().toISOString();
  const count = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const perRule = await ctx.db
    .selectFrom('followup_rules as r')
    .leftJoin('followup_tasks as t', (join) =>
      join
        .onRef('t.rule_id', '=', 'r.id')
        .on('t.planned_at', '>=', start)
        .on('t.planned_at', '<', end)
        .on('t.state', 'not in', ['skipped', 'cancelled'])
        // a task is due once it is finished or its window has passed (one still within its window is not late yet)
        .on((eb) => eb.or([eb('t.state', 'in', ['done', 'unreached']), eb('t.due_by', '<', nowIso)])),
    )
    .select([
      'r.id',
      'r.code',
      'r.name',
      'r.target_percent',
      'r.sort_order',
      sql<number>`count(t.id)`.as('due'),
      count(sql`t.state in ('done', 'unreached')`).as('done'),
      count(sql`t.state = 'done'`).as('reached'),
    ])
    .groupBy(['r.id', 'r.code', 'r.name', 'r.target_percent', 'r.sort_order'])
    .orderBy('r.sort_order')
    .execute();
  const rules = perRule.map((r) => {
    const due = Number(r.due);
    const reached = Number(r.reached ?? 0);
    const rate = ratePercent(reached, due);
    return {
      ruleId: r.id,
      code: r.code,
      name: r.name,
      due,
      done: Number(r.done ?? 0),
      reached,
      ratePercent: rate,
      targetPercent: Number(r.target_percent),
      metTarget: rate === null ? null : rate >= Number(r.target_percent),
    };
  });
  const totals = rules.reduce((s, r) => ({ due: s.due + r.due, done: s.done + r.done, reached: s.reached + r.reached }), { due: 0, done: 0, reached: 0 });
  const overallRate = ratePercent(totals.reached, totals.due);

  // calls made by each user, and satisfaction of the customers of each case owner
  const calls = await ctx.db
    .selectFrom('followup_tasks as t')
    .innerJoin('users as u', 'u.id', 't.done_by')
    .select(['u.id', 'u.display_name', sql<number>`count(*)`.as('done'), count(sql`t.state = 'done'`).as('reached')])
    .where('t.done_at', '>=', start)
    .where('t.done_at', '<', end)
    .where('t.merged_into_id', 'is', null)
    .groupBy(['u.id', 'u.display_name'])
    .execute();
  const owners = await ctx.db
    .selectFrom('followup_tasks as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .select(['u.id', 'u.display_name', sql<number>`count(*)`.as('scored'), count(sql`t.score >= ${SATISFIED_SCORE}`).as('satisfied')])
    .where('t.done_at', '>=', start)
    .where('t.done_at', '<', end)
    .where('t.score', 'is not', null)
    .where('t.merged_into_id', 'is', null)
    .groupBy(['u.id', 'u.display_name'])
    .execute();
  const agents = new Map<string, FollowupRates['agents'][number]>();
  const agent = (id: string, name: string) => {
    let a = agents.get(id);
    if (!a) {
      a = { userId: id, name, done: 0, reached: 0, scored: 0, satisfiedPercent: null, band: null };
      agents.set(id, a);
    }
    return a;
  };
  for (const c of calls) Object.assign(agent(c.id, c.display_name), { done: Number(c.done), reached: Number(c.reached ?? 0) });
  for (const o of owners) {
    const pct = ratePercent(Number(o.satisfied ?? 0), Number(o.scored));
    Object.assign(agent(o.id, o.display_name), { scored: Number(o.scored), satisfiedPercent: pct, band: bandOf(pct, settings) });
  }
  const reviews = await ctx.db
    .selectFrom('followup_reviews as rv')
    .innerJoin('users as u', 'u.id', 'rv.reviewed_by')
    .select(['rv.id', 'rv.agent_id', 'rv.comment', 'u.display_name', 'rv.reviewed_at'])
    .where('rv.period_from', '<=', query.to)
    .where('rv.period_to', '>=', query.from)
    .orderBy('rv.reviewed_at', 'desc')
    .execute();
  return {
    from: query.from,
    to: query.to,
    overall: {
      ...totals,
      ratePercent: overallRate,
      targetPercent: settings.overallTargetPercent,
      metTarget: overallRate === null ? null : overallRate >= settings.overallTargetPercent,
    },
    rules,
    agents: [...agents.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    reviews: reviews.map((r) => ({ id: r.id, agentId: r.agent_id, comment: r.comment, reviewedBy: r.display_name, reviewedAt: r.reviewed_at })),
  };
}

/** The supervisor reviews a follow-up report (an agent's, or everyone's when agentId is null) and comments. */
export async function addReview(ctx: ServiceContext, input: { agentId: string | null; from: string; to: string; comment: string }): Promise<{ id: string }> {
  assertCan(ctx.actor, 'followup.review');
  if (input.to < input.from) throw new BadRequestError('结束日期不能早于开始日期', [{ path: ['body', 'to'], message: 'to < from' }]);
  return inTransaction(ctx, async (tx) => {
    if (input.agentId && !(await tx.db.selectFrom('users').select('id').where('id', '=', input.agentId).executeTakeFirst())) {
      throw new BadRequestError('用户不存在', [{ path: ['body', 'agentId'], message: 'unknown user' }]);
    }
    const id = newId();
    await tx.db
      .insertInto('followup_reviews')
      .values({ id, agent_id: input.agentId, period_from: input.from, period_to: input.to, comment: input.comment, reviewed_by: tx.actor.id as string, reviewed_at: tx.clock.now().toISOString() })
      .execute();
    await recordAudit(tx, { entity: 'followup_review', entityId: id, action: 'create', after: input });
    return { id };
  });
}

/** 顾客满意度分析报告: summary, items with cause and corrective action, and the employee bands of the year. */
export async function satisfactionReportXlsx(ctx: ServiceContext, campaignId: string): Promise<{ name: string; buffer: Buffer }> {
  const stats = await campaignStats(ctx, campaignId);
  const year = stats.campaign.year;
  const rates = await followupRates(ctx, { from: `${year}-01-01`, to: `${year}-12-31` });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Aftersales';
  const summary = workbook.addWorksheet('汇总');
  summary.columns = [{ width: 28 }, { width: 40 }];
  summary.addRow([`${year}年度顾客满意度分析报告`]).font = { bold: true, size: 14 };
  summary.addRow(['调查名称', stats.campaign.name]);
  summary.addRow(['调查对象', `交易次数 ≥ ${stats.campaign.minTransactions} 的客户`]);
  summary.addRow(['发出问卷', stats.invited]);
  summary.addRow(['收回问卷', stats.answered]);
  summary.addRow(['回收率', `${stats.responseRatePercent}%（目标 ${stats.responseTargetPercent}%）`]);
  summary.addRow(['满意度得分（满分100）', stats.averageScore ?? '—']);
  summary.addRow(['满意标准', `≥ ${stats.campaign.satisfiedScore} 分`]);

  const items = workbook.addWorksheet('调查项目');
  items.columns = [
    { header: '调查项目', width: 20 },
    { header: '平均得分', width: 10 },
    { header: '是否满意', width: 10 },
    { header: '原因分析', width: 40 },
    { header: '纠正措施', width: 40 },
    { header: '回复客户', width: 40 },
  ];
  for (const item of stats.items) {
    items.addRow([item.text, item.averageScore ?? '—', item.satisfied === null ? '—' : item.satisfied ? '满意' : '不满意', item.cause ?? '', item.correctiveAction ?? '', item.reply ?? '']);
  }

  const staff = workbook.addWorksheet('员工满意度');
  staff.columns = [
    { header: '员工', width: 16 },
    { header: '回访次数', width: 10 },
    { header: '评分数', width: 10 },
    { header: '满意率', width: 10 },
    { header: '考核区间', width: 12 },
  ];
  const bandNames: Record<string, string> = { commendation: '表扬', normal: '正常', warning: '警示', failing: '不合格' };
  for (const a of rates.agents) {
    staff.addRow([a.name, a.done, a.scored, a.satisfiedPercent === null ? '—' : `${a.satisfiedPercent}%`, a.band ? bandNames[a.band] : '—']);
  }

  const rules = workbook.addWorksheet('回访率');
  rules.columns = [
    { header: '回访计划', width: 40 },
    { header: '应回访', width: 10 },
    { header: '已回访', width: 10 },
    { header: '成功回访', width: 10 },
    { header: '回访率', width: 10 },
    { header: '目标', width: 10 },
  ];
  for (const r of rates.rules) rules.addRow([r.name, r.due, r.done, r.reached, r.ratePercent === null ? '—' : `${r.ratePercent}%`, `${r.targetPercent}%`]);
  rules.addRow(['合计', rates.overall.due, rates.overall.done, rates.overall.reached, rates.overall.ratePercent === null ? '—' : `${rates.overall.ratePercent}%`, `${rates.overall.targetPercent}%`]);

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { name: `${year}年度顾客满意度分析报告.xlsx`, buffer };
}

const BAND_ZH: Record<string, string> = { commendation: '表扬', normal: '正常', warning: '警示', failing: '不合格' };

/** The same analysis as one PDF (A4, Chinese): summary, items with cause and action, employees, rates. */
export async function satisfactionReportPdf(ctx: ServiceContext, campaignId: string): Promise<{ name: string; buffer: Buffer }> {
  const stats = await campaignStats(ctx, campaignId);
  const year = stats.campaign.year;
  const rates = await followupRates(ctx, { from: `${year}-01-01`, to: `${year}-12-31` });
  const title = `${year}年度顾客满意度分析报告`;
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', REPORT_FONT_PATH);
  doc.font('cjk');
  doc.fontSize(18).text(title, { align: 'center' }).moveDown();
  const section = (heading: string, lines: string[]) => {
    doc.fontSize(13).text(heading).moveDown(0.2).fontSize(10);
    for (const line of lines) doc.text(line);
    doc.moveDown();
  };
  section('一、调查概况', [
    `调查名称：${stats.campaign.name}`,
    `调查对象：交易次数 ≥ ${stats.campaign.minTransactions} 的客户`,
    `发出问卷 ${stats.invited} 份，收回 ${stats.answered} 份，回收率 ${stats.responseRatePercent}%（目标 ${stats.responseTargetPercent}%）`,
    `满意度得分（满分100）：${stats.averageScore ?? '—'}；满意标准 ≥ ${stats.campaign.satisfiedScore} 分`,
  ]);
  section(
    '二、调查项目',
    stats.items.flatMap((item) => [
      `${item.text}：平均 ${item.averageScore ?? '—'} 分，${item.satisfied === null ? '无数据' : item.satisfied ? '满意' : '不满意'}`,
      ...(item.satisfied === false ? [`    原因分析：${item.cause ?? '（待填写）'}`, `    纠正措施：${item.correctiveAction ?? '（待填写）'}`, `    回复客户：${item.reply ?? '（未回复）'}`] : []),
    ]),
  );
  section(
    '三、员工满意度',
    rates.agents.length
      ? rates.agents.map((a) => `${a.name}：回访 ${a.done} 次，评分 ${a.scored} 个，满意率 ${a.satisfiedPercent === null ? '—' : `${a.satisfiedPercent}%`}，${a.band ? BAND_ZH[a.band] : '—'}`)
      : ['（无）'],
  );
  section('四、回访率', [
    ...rates.rules.map((r) => `${r.name}：应回访 ${r.due}，成功 ${r.reached}，回访率 ${r.ratePercent === null ? '—' : `${r.ratePercent}%`}（目标 ${r.targetPercent}%）`),
    `合计：应回访 ${rates.overall.due}，成功 ${rates.overall.reached}，回访率 ${rates.overall.ratePercent === null ? '—' : `${rates.overall.ratePercent}%`}（目标 ${rates.overall.targetPercent}%）`,
  ]);
  doc.end();
  await done;
  return { name: `${title}.pdf`, buffer: Buffer.concat(chunks) };
}
