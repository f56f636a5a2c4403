/**
 * The complaint report (客诉抱怨处理报告, R-CMP-12) as one PDF and one XLSX, in Chinese: customer,
 * issue, dates, handler, verification, cause, actions, approvals and the timeline. The PDF embeds
 * Noto Sans SC (pdfkit subsets it to the characters used), so Chinese renders on any reader.
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ComplaintView } from '../../../contracts/complaints.js';
import { wallClockOf } from '../../platform/calendar/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { getComplaint } from './complaints.service.js';

const require = createRequire(import.meta.url);
/** The CJK font shipped as an npm package (no system font needed). */
export const REPORT_FONT_PATH = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

const STATE_ZH: Record<string, string> = {
  new: '待受理',
  verifying: '核实中',
  investigating: '投诉调查',
  planning: '制定措施',
  plan_review: '方案审核',
  handling: '处理中',
  feedback: '待反馈',
  awaiting_confirmation: '待投诉人确认',
  confirmed: '投诉人已确认',
  closure_review: '待总经理批准',
  closed: '已结案',
  cancelled: '已取消',
};
const VERIFICATION_ZH: Record<string, string> = { valid: '属实（我方责任待查）', not_ours: '非我方产品/服务', customer_fault: '客户原因', third_party: '第三方原因（如承运商）' };
const RESPONSIBILITY_ZH: Record<string, string> = { company: '公司', customer: '客户', third_party: '第三方', unclear: '不明确' };
const SEVERITY_ZH: Record<string, string> = { general: '一般', important: '重要', major: '重大' };
const CAPA_KIND_ZH: Record<string, string> = { corrective: '纠正措施', preventive: '预防措施', process_change: '工艺/流程变更' };
const CAPA_STATE_ZH: Record<string, string> = { open: '进行中', done: '已完成待验证', verified: '已验证', cancelled: '已取消' };
const STEP_ZH: Record<string, string> = {
  action_plan: '部门经理签署处理方案',
  countersign: '责任部门会签',
  tracking_sheet: '品质部签署客户投诉闭环跟踪单',
  closure: '总经理批准结案',
  cause_decision: '总经理裁定原因',
  extension: '延期审批',
};
const OUTCOME_ZH: Record<string, string> = {
  repair: '维修',
  replace: '更换',
  refund: '退款',
  compensation: '赔偿',
  rectification: '整改',
  apology: '道歉',
  improvement: '改进',
  price_correction: '价格更正',
  explanation: '解释说明',
  stop: '停止侵权',
  accountability: '追究责任',
  redelivery: '重新交付',
};

/** The timeline in words (the web translates the same codes; unknown ones print as they are). */
const EVENT_ZH: Record<string, string> = {
  created: '受理工单',
  acknowledge: '受理登记',
  verify: '核实',
  submit_analysis: '提交原因分析',
  submit_plan: '提交处理方案',
  sign_plan: '部门经理签署处理方案',
  reject_plan: '驳回处理方案',
  complete_handling: '处理完成',
  send_result: '告知处理结果',
  record_call: '电话确认',
  complainant_confirm: '投诉人确认结案',
  complainant_reject: '投诉人不满意',
  attach_reply: '附书面答复',
  sign_tracking_sheet: '品质部签署闭环跟踪单',
  reject_tracking_sheet: '驳回闭环跟踪单',
  approve_closure: '总经理批准结案',
  reject_closure: '驳回结案',
  cancel: '取消',
  deadline_started: '时限开始',
  deadline_met: '时限达成',
  deadline_cancelled: '时限取消',
  deadline_warning: '即将超时提醒',
  deadline_breached: '超时',
  escalated: '升级',
  customer_notified: '通知客户',
  complaint_investigation: '投诉调查',
  complaint_categorized: '投诉分类',
  complaint_cause_decided: '总经理裁定原因',
  complaint_countersign: '会签',
  complaint_resolution: '处理结果',
  complaint_capa_added: '新增纠正和预防措施',
  complaint_capa_complete: '措施完成',
  complaint_capa_verify: '措施验证',
  complaint_capa_cancel: '措施取消',
  complaint_capa_overdue: '措施超期',
  complaint_extension_requested: '申请延期',
  complaint_extension_approved: '延期批准',
  complaint_extension_rejected: '延期驳回',
  complaint_task_force: '成立专案小组',
  complaint_major_notified: '重大质量问题通报管理层',
  complaint_link_issued: '生成确认链接',
  followup_scheduled: '安排回访',
  note: '备注',
  assigned: '转交负责人',
};

export interface ReportSection {
  title: string;
  rows: [string, string][];
}

function localTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const w = wallClockOf(new Date(iso), timeZone);
  return `${w.date} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The report's content as sections of label/value rows and two tables (pure; both formats use it). */
export function reportContent(v: ComplaintView, timeZone: string) {
  const c = v.case;
  const t = (iso: string | null) => localTime(iso, timeZone);
  const x = v.complaint;
  const sections: ReportSection[] = [
    {
      title: '基本信息',
      rows: [
        ['工单号', c.number],
        ['投诉标题', c.title],
        ['状态', STATE_ZH[c.state] ?? c.state],
        ['客户', c.customer?.name ?? (x.anonymous ? '匿名' : '')],
        ['投诉人', [c.contactName, c.contactPhone, c.contactEmail].filter(Boolean).join(' ')],
        ['投诉类别', [x.category?.nameZh, x.subcategory?.nameZh].filter(Boolean).join(' / ')],
        ['严重程度', SEVERITY_ZH[c.severity] ?? c.severity],
        ['产品 / 序列号', c.unit ? `${c.unit.productName} ${c.unit.productModel} / ${c.unit.serialNumber}` : ''],
        ['批次', x.batchNumber ?? ''],
        ['处理人', c.owner.name],
        ['投诉日期', t(c.createdAt)],
        ['结案日期', t(c.closedAt)],
        ['是否升级', c.escalated ? '是（已升级）' : '否'],
      ],
    },
    { title: '投诉内容', rows: [['问题描述', c.description ?? '']] },
    {
      title: '核实',
      rows: [
        ['核实结论', x.verificationResult ? (VERIFICATION_ZH[x.verificationResult] ?? x.verificationResult) : ''],
        ['核实情况', x.verificationFacts ?? ''],
        ['核实人 / 时间', [x.verifiedBy?.name, t(x.verifiedAt)].filter(Boolean).join(' ')],
      ],
    },
    {
      title: '原因分析',
      rows: [
        ['根本原因', x.rootCause ?? ''],
        ['责任方', x.responsibility ? (RESPONSIBILITY_ZH[x.responsibility] ?? x.responsibility) : ''],
        ['责任部门', x.departments.map((d) => d.name).join('、')],
        ['证据', x.evidence.map((e) => e.description).join('；')],
        ['总经理裁定', x.gmDecision ?? ''],
        ['会议结论', x.meeting ? `${x.meeting.heldOn} ${x.meeting.conclusion}` : ''],
      ],
    },
    {
      title: '处理与反馈',
      rows: [
        ['处理方式', x.resolutionOutcomes.map((o) => OUTCOME_ZH[o] ?? o).join('、')],
        ['处理说明', x.resolutionNote ?? ''],
        ['赔偿金额', x.compensationFen === null ? '' : `¥${(x.compensationFen / 100).toFixed(2)}`],
        ['反馈结果', x.resultText ?? ''],
        ['处理轮次 / 不满意次数', `${x.rounds} / ${x.unsatisfiedCount}`],
        ['投诉人确认', x.confirmedAt ? `${t(x.confirmedAt)}（${x.confirmedVia === 'link' ? '确认链接' : x.confirmedVia === 'call' ? '电话确认' : '书面答复'}）` : ''],
      ],
    },
  ];
  const actions = v.actions.map((a) => [
    CAPA_KIND_ZH[a.kind] ?? a.kind,
    a.description,
    a.owner.name,
    a.department?.name ?? '',
    a.dueOn,
    CAPA_STATE_ZH[a.state] ?? a.state,
    a.verifiedBy ? `${a.verifiedBy.name} ${t(a.verifiedAt)}` : '',
  ]);
  const approvals = v.signatures.map((s) => [
    STEP_ZH[s.step] ?? s.step,
    s.decision === 'approved' ? '同意' : '驳回',
    s.signer.name + (s.department ? `（${s.department.name}）` : ''),
    t(s.signedAt),
    s.comment ?? '',
  ]);
  const timeline = v.case.timeline.map((e) => {
    const code = e.kind === 'action' && e.action ? e.action : e.kind;
    return [t(e.at), e.actorLabel, EVENT_ZH[code] ?? code, e.note ?? ''];
  });
  return { title: '客诉抱怨处理报告', sections, actions, approvals, timeline };
}

export const ACTION_HEADERS = ['类型', '措施', '责任人', '部门', '完成期限', '状态', '验证'];
export const APPROVAL_HEADERS = ['签署步骤', '意见', '签署人', '时间', '备注'];
export const TIMELINE_HEADERS = ['时间', '操作人', '操作', '说明'];

async function load(ctx: ServiceContext, caseId: string) {
  const view = await getComplaint(ctx, caseId);
  return { view, content: reportContent(view, ctx.config.companyTimeZone) };
}

export async function complaintReportPdf(ctx: ServiceContext, caseId: string): Promise<{ name: string; content: Buffer }> {
  const { view, content } = await load(ctx, caseId);
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${content.title} ${view.case.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', REPORT_FONT_PATH);
  doc.font('cjk');
  doc.fontSize(18).text(content.title, { align: 'center' });
  doc.fontSize(10).text(view.case.number, { align: 'center' }).moveDown();
  for (const section of content.sections) {
    doc.fontSize(13).text(section.title).moveDown(0.2);
    doc.fontSize(10);
    for (const [label, value] of section.rows) doc.text(`${label}：${value}`);
    doc.moveDown(0.6);
  }
  const table = (title: string, headers: string[], rows: string[][]) => {
    doc.fontSize(13).text(title).moveDown(0.2).fontSize(10);
    if (!rows.length) doc.text('（无）');
    for (const row of rows) doc.text(headers.map((h, i) => `${h}：${row[i] ?? ''}`).join('  '));
    doc.moveDown(0.6);
  };
  table('纠正和预防措施', ACTION_HEADERS, content.actions);
  table('审批签署', APPROVAL_HEADERS, content.approvals);
  table('处理过程', TIMELINE_HEADERS, content.timeline);
  doc.end();
  await done;
  return { name: `客诉抱怨处理报告-${view.case.number}.pdf`, content: Buffer.concat(chunks) };
}

export async function complaintReportXlsx(ctx: ServiceContext, caseId: string): Promise<{ name: string; content: Buffer }> {
  const { view, content } = await load(ctx, caseId);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('客诉抱怨处理报告');
  sheet.columns = [{ width: 22 }, { width: 60 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 22 }];
  sheet.addRow([content.title, view.case.number]).font = { bold: true, size: 14 };
  for (const section of content.sections) {
    sheet.addRow([]);
    sheet.addRow([section.title]).font = { bold: true };
    for (const row of section.rows) sheet.addRow(row);
  }
  const table = (title: string, headers: string[], rows: string[][]) => {
    sheet.addRow([]);
    sheet.addRow([title]).font = { bold: true };
    sheet.addRow(headers).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
  };
  table('纠正和预防措施', ACTION_HEADERS, content.actions);
  table('审批签署', APPROVAL_HEADERS, content.approvals);
  table('处理过程', TIMELINE_HEADERS, content.timeline);
  const buffer = await wb.xlsx.writeBuffer();
  return { name: `客诉抱怨处理报告-${view.case.number}.xlsx`, content: Buffer.from(buffer as ArrayBuffer) };
}
