/**
 * The pure state machine of complaints (投诉, R-CMP-2..9). No database here; complaints.service.ts
 * registers it with the case core and does each action's work in the same transaction.
 *
 *   new ──acknowledge──▶ verifying ──verify(valid)──▶ investigating ──submit_analysis──▶ planning
 *    │                      │ verify(not ours / customer / third party: reply with the facts)   │
 *    │                      └──────────────────────────────────────────────▶ closed        submit_plan
 *    └──cancel (new, verifying) ──▶ cancelled                                                    ▼
 *                            planning ◀──reject_plan── plan_review ──sign_plan (部门经理)──▶ handling
 *                                                                                              │
 *     handling ◀──── not satisfied (another round, counted) ────┐                   complete_handling
 *        ▲                                                      │                              ▼
 *        │ reject_tracking_sheet          awaiting_confirmation ◀──send_result (result told)── feedback
 *        │                                     │ confirmed by the complainant (link / recorded call)
 *        │                                     │ or the written reply attached (anonymous / written only)
 *        └──────────────── confirmed ◀─────────┘
 *                            │ sign_tracking_sheet (品质部: 客户投诉闭环跟踪单)
 *                            ▼
 *                      closure_review ──approve_closure (总经理批准)──▶ closed
 *                            └──reject_closure──▶ confirmed
 *
 * The three signatures belong to one permission each (complaint.signPlan / signTrackingSheet /
 * approveClosure); a user without it does not see the action, and taking it anyway is a 403.
 * approve_closure is also offered from 'confirmed' so that the general manager learns what is still
 * missing (409 naming the open actions / missing signatures) instead of a bare illegal transition.
 */
import { ForbiddenError } from '../../platform/errors.js';
import { type Actor, can, type Permission } from '../../platform/permissions.js';
import type { CaseActionEffects, CaseGuardData, CaseWorkflowTable } from '../cases/cases.registry.js';

export const COMPLAINT_WORKFLOW = 'complaint';
export const COMPLAINT_TYPE = 'complaint';
export const COMPLAINT_INITIAL_STATE = 'new';

export const COMPLAINT_STATES = [
  'new',
  'verifying',
  'investigating',
  'planning',
  'plan_review',
  'handling',
  'feedback',
  'awaiting_confirmation',
  'confirmed',
  'closure_review',
  'closed',
  'cancelled',
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/**
 * A guard that lets only holders of `permission` take the action: hidden from the allowed actions
 * of others (input null = the UI asks), 403 when they take it anyway.
 */
export function onlyWith(permission: Permission) {
  return (data: CaseGuardData, actor: Actor): string | null => {
    if (can(actor, permission)) return null;
    if (data.input === null) return `需要权限 ${permission}`;
    throw new ForbiddenError(`没有权限: ${permission}`, { permission });
  };
}

/** Only the complainant's link (run by the system) confirms or rejects through these actions. */
const onlyTheLink = (_data: CaseGuardData, actor: Actor) => (actor.kind === 'system' ? null : '仅限投诉人通过确认链接操作');

const satisfied = (d: CaseGuardData) => d.input?.data.satisfied === true;

export const COMPLAINT_TABLE: CaseWorkflowTable = [
  { from: 'new', action: 'acknowledge', to: 'verifying' },
  {
    from: 'verifying',
    action: 'verify',
    // R-CMP-3: not ours, or the customer's / a third party's fault → reply with the facts and close
    to: (d) => (d.input?.data.result === 'valid' ? 'investigating' : 'closed'),
  },
  { from: 'investigating', action: 'submit_analysis', to: 'planning' },
  { from: 'planning', action: 'submit_plan', to: 'plan_review' },
  { from: 'plan_review', action: 'sign_plan', to: 'handling', guard: onlyWith('complaint.signPlan') },
  { from: 'plan_review', action: 'reject_plan', to: 'planning', guard: onlyWith('complaint.signPlan') },
  { from: 'handling', action: 'complete_handling', to: 'feedback' },
  { from: 'feedback', action: 'send_result', to: 'awaiting_confirmation' },
  // an agent records the complainant's answer on the phone (录音/通话记录)
  { from: 'awaiting_confirmation', action: 'record_call', to: (d) => (satisfied(d) ? 'confirmed' : 'handling') },
  { from: 'awaiting_confirmation', action: 'complainant_confirm', to: 'confirmed', guard: onlyTheLink },
  { from: 'awaiting_confirmation', action: 'complainant_reject', to: 'handling', guard: onlyTheLink },
  // R-CMP-13: anonymous / written-reply-only complaints: the reply is attached instead of a call
  { from: 'awaiting_confirmation', action: 'attach_reply', to: 'confirmed' },
  { from: 'confirmed', action: 'sign_tracking_sheet', to: 'closure_review', guard: onlyWith('complaint.signTrackingSheet') },
  { from: 'confirmed', action: 'reject_tracking_sheet', to: 'handling', guard: onlyWith('complaint.signTrackingSheet') },
  { from: ['confirmed', 'closure_review'], action: 'approve_closure', to: 'closed', guard: onlyWith('complaint.approveClosure') },
  { from: 'closure_review', action: 'reject_closure', to: 'confirmed', guard: onlyWith('complaint.approveClosure') },
  { from: ['new', 'verifying'], action: 'cancel', to: 'cancelled' },
];

export const COMPLAINT_CLOSED_STATES = ['closed', 'cancelled'] as const;
export const COMPLAINT_RESOLVED_STATES: readonly string[] = [];
export const COMPLAINT_NOTE_REQUIRED = [
  'send_result',
  'record_call',
  'attach_reply',
  'reject_plan',
  'reject_tracking_sheet',
  'reject_closure',
  'complainant_reject',
  'cancel',
] as const;

/** Actions that send the complaint into another round of handling (not satisfied). */
export function isNewRound(action: string, to: string): boolean {
  return to === 'handling' && (action === 'record_call' || action === 'complainant_reject');
}

/** The deadline metrics of R-CMP-2 (service-level policies of case type 'complaint'). */
export const COMPLAINT_METRICS = {
  acknowledge: '受理登记',
  verify: '核实',
  analysis: '原因分析报告',
  handling: '处理完成',
  handling_extended: '处理完成（延期）',
  handling_limit: '处理最长时限',
  feedback: '反馈客户',
} as const;

export const HANDLING_METRICS = ['handling', 'handling_extended', 'handling_limit'] as const;

/** Deadline effects of the actions (applied by the case core in the action's transaction). */
export const COMPLAINT_EFFECTS: Readonly<Record<string, CaseActionEffects>> = {
  acknowledge: { meet: ['acknowledge'], start: ['verify'], firstReply: true },
  verify: { meet: ['verify'], start: ['analysis', 'handling', 'handling_limit'] },
  submit_analysis: { meet: ['analysis'] },
  complete_handling: { meet: [...HANDLING_METRICS], start: ['feedback'] },
  send_result: { meet: ['feedback'], firstReply: true },
};

/** Who must act in each state (shown on the complaint page). */
export const ACTOR_OF_STATE: Record<ComplaintState, string> = {
  new: '客服',
  verifying: '客服',
  investigating: '责任部门',
  planning: '责任部门',
  plan_review: '部门经理',
  handling: '责任部门',
  feedback: '客服',
  awaiting_confirmation: '投诉人',
  confirmed: '品质部',
  closure_review: '总经理',
  closed: '',
  cancelled: '',
};

/** The metric whose deadline governs each state. */
export const METRIC_OF_STATE: Partial<Record<ComplaintState, readonly string[]>> = {
  new: ['acknowledge'],
  verifying: ['verify'],
  investigating: ['analysis', 'handling'],
  planning: ['handling_extended', 'handling'],
  plan_review: ['handling_extended', 'handling'],
  handling: ['handling_extended', 'handling'],
  feedback: ['feedback'],
};
