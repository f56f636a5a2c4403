/**
 * Reference data of follow-ups: the settings row, the default questionnaires and the default rules
 * of R-FUP-2. Inserted when missing (by code), never overwriting what an administrator changed.
 */
import type { CreateRuleRequest, Question } from '../../../contracts/followups.js';
import type { ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import * as repo from './followups.repository.js';
import { DEFAULT_FOLLOWUP_SETTINGS, FOLLOWUP_SETTINGS_KEY } from './followups.settings.js';

const scale = (key: string, text: string, weight = 1): Question => ({ key, text, kind: 'scale', min: 1, max: 5, weight, required: true });

export const DEFAULT_QUESTIONNAIRES: readonly { code: string; name: string; intro: string; script: string; questions: Question[] }[] = [
  {
    code: 'service_followup',
    name: '售后服务回访问卷',
    intro: '感谢您使用我们的售后服务，请花一分钟评价本次服务。',
    script:
      '您好，我是{公司}售后服务中心的客服，工号{工号}。您前几天的{工单}已经处理完毕，想占用您一两分钟做个回访，请问现在方便吗？\n' +
      '1. 请问设备现在使用正常吗？\n2. 对维修人员的服务态度是否满意？\n3. 对处理速度是否满意？\n4. 还有其他问题或建议吗？\n' +
      '感谢您的支持，如有问题请随时拨打我们的服务热线。',
    questions: [
      { key: 'resolved', text: '问题是否已解决', kind: 'choice', required: true, options: [{ value: 'yes', label: '已解决', score: 100 }, { value: 'no', label: '未解决', score: 0 }] },
      scale('attitude', '服务态度'),
      scale('speed', '响应及处理速度'),
      scale('quality', '维修质量'),
      { key: 'comment', text: '其他意见或建议', kind: 'text' },
    ],
  },
  {
    code: 'annual_satisfaction',
    name: '年度顾客满意度调查表',
    intro: '为持续改进产品和服务，请您对过去一年的合作进行评价。您的意见对我们非常重要。',
    script: '您好，我们正在进行年度顾客满意度调查，问卷约需3分钟，请问方便吗？',
    questions: [
      scale('product_quality', '产品质量', 2),
      scale('delivery', '交货及时性'),
      scale('service_response', '售后服务响应速度', 2),
      scale('service_attitude', '服务人员态度'),
      scale('technical_skill', '技术水平'),
      scale('price', '价格合理性'),
      { key: 'suggestions', text: '您的意见和建议', kind: 'text' },
    ],
  },
];

type RuleSeed = Omit<CreateRuleRequest, 'questionnaireId'> & { questionnaireCode: string | null };

/** R-FUP-2 defaults. Sampling and targets per R-FUP-8 (≥80 % overall, 50 % complaint closures, 30 % maintenance). */
export const DEFAULT_RULES: readonly RuleSeed[] = [
  {
    code: 'case_closed_72h', name: '工单关闭72小时内回访（维修/救援 100%）', trigger: 'case_closed',
    conditions: { caseTypes: ['repair', 'rescue'] }, delayAmount: 0, delayUnit: 'hours', windowAmount: 72, windowUnit: 'hours',
    channel: 'phone', assignee: 'agent', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 5, caseDemanded: true, restricted: false, enabled: true, sortOrder: 10,
  },
  {
    code: 'repair_10d', name: '有偿/保修维修后10天内回访', trigger: 'case_closed',
    conditions: { caseTypes: ['repair'], repairKind: 'any' }, delayAmount: 1, delayUnit: 'days', windowAmount: 10, windowUnit: 'days',
    channel: 'phone', assignee: 'agent', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 3, caseDemanded: false, restricted: false, enabled: true, sortOrder: 20,
  },
  {
    code: 'complaint_3d', name: '投诉结案后3天回访', trigger: 'complaint_closure',
    conditions: { purpose: 'follow_up' }, delayAmount: 0, delayUnit: 'hours', windowAmount: 3, windowUnit: 'days',
    channel: 'phone', assignee: 'by_severity', samplingPercent: 100, targetPercent: 50, questionnaireCode: 'service_followup',
    priority: 8, caseDemanded: true, restricted: false, enabled: true, sortOrder: 30,
  },
  {
    code: 'complaint_3m_survey', name: '投诉结案3个月后再次调查', trigger: 'complaint_closure',
    conditions: { purpose: 'survey' }, delayAmount: 0, delayUnit: 'hours', windowAmount: 14, windowUnit: 'days',
    channel: 'sms', assignee: 'by_severity', samplingPercent: 100, targetPercent: 50, questionnaireCode: 'service_followup',
    priority: 6, caseDemanded: true, restricted: false, enabled: true, sortOrder: 40,
  },
  {
    code: 'new_customer_1m', name: '新客户购买后1个月内回访', trigger: 'first_purchase',
    conditions: {}, delayAmount: 7, delayUnit: 'days', windowAmount: 1, windowUnit: 'months',
    channel: 'phone', assignee: 'agent', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 4, caseDemanded: false, restricted: false, enabled: true, sortOrder: 50,
  },
  {
    code: 'new_customer_quarterly', name: '新客户首年每季度回访', trigger: 'customer_cadence',
    conditions: { cadence: [{ everyMonths: 3, fromMonths: 3, untilMonths: 12 }] }, delayAmount: 0, delayUnit: 'days', windowAmount: 1, windowUnit: 'months',
    channel: 'phone', assignee: 'agent', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 2, caseDemanded: false, restricted: false, enabled: true, sortOrder: 60,
  },
  {
    code: 'maintenance_1m', name: '保养后1个月内回访（抽样30%）', trigger: 'maintenance_done',
    conditions: {}, delayAmount: 3, delayUnit: 'days', windowAmount: 1, windowUnit: 'months',
    channel: 'phone', assignee: 'agent', samplingPercent: 30, targetPercent: 30, questionnaireCode: 'service_followup',
    priority: 2, caseDemanded: false, restricted: false, enabled: true, sortOrder: 70,
  },
  {
    code: 'unit_warranty_cadence', name: '保修期内设备定期回访（首年每季、次年每半年、之后每年）', trigger: 'unit_cadence',
    conditions: {
      cadence: [
        { everyMonths: 3, fromMonths: 3, untilMonths: 12 },
        { everyMonths: 6, fromMonths: 18, untilMonths: 24 },
        { everyMonths: 12, fromMonths: 36, untilMonths: null },
      ],
      inWarrantyOnly: true,
    },
    delayAmount: 0, delayUnit: 'days', windowAmount: 14, windowUnit: 'days',
    channel: 'phone', assignee: 'agent', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 1, caseDemanded: false, restricted: false, enabled: true, sortOrder: 80,
  },
  {
    code: 'key_account_onsite', name: '大客户每半年上门回访', trigger: 'account_cadence',
    conditions: { accountKind: 'key', perYear: 2 }, delayAmount: 0, delayUnit: 'days', windowAmount: 6, windowUnit: 'months',
    channel: 'on_site', assignee: 'supervisor', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 6, caseDemanded: false, restricted: false, enabled: true, sortOrder: 90,
  },
  {
    code: 'very_large_account_quarterly', name: '特大型客户每季度上门回访', trigger: 'account_cadence',
    conditions: { accountKind: 'very_large', perYear: 4 }, delayAmount: 0, delayUnit: 'days', windowAmount: 3, windowUnit: 'months',
    channel: 'on_site', assignee: 'manager', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 7, caseDemanded: false, restricted: false, enabled: true, sortOrder: 100,
  },
  {
    // project milestones (start, mid, completion) need milestone dates on project orders; off until the business records them
    code: 'project_milestone', name: '项目节点回访（开工、中期、竣工）', trigger: 'project_milestone',
    conditions: {}, delayAmount: 0, delayUnit: 'days', windowAmount: 14, windowUnit: 'days',
    channel: 'on_site', assignee: 'supervisor', samplingPercent: 100, targetPercent: 80, questionnaireCode: 'service_followup',
    priority: 5, caseDemanded: false, restricted: false, enabled: false, sortOrder: 110,
  },
];

export async function ensureFollowupReferenceData(ctx: ServiceContext): Promise<{ rulesInserted: number }> {
  const now = ctx.clock.now().toISOString();
  await repo.insertSettingIfMissing(ctx.db, FOLLOWUP_SETTINGS_KEY, DEFAULT_FOLLOWUP_SETTINGS, 1, now);
  for (const q of DEFAULT_QUESTIONNAIRES) {
    await repo.insertQuestionnaireIfMissing(ctx.db, {
      id: newId(),
      code: q.code,
      name: q.name,
      intro: q.intro,
      script: q.script,
      questions: JSON.stringify(q.questions),
      created_at: now,
      updated_at: now,
    });
  }
  let rulesInserted = 0;
  for (const rule of DEFAULT_RULES) {
    const questionnaire = rule.questionnaireCode ? await repo.findQuestionnaireByCode(ctx.db, rule.questionnaireCode) : undefined;
    const inserted = await repo.insertRuleIfMissing(ctx.db, {
      id: newId(),
      code: rule.code,
      name: rule.name,
      trigger_kind: rule.trigger,
      conditions: JSON.stringify(rule.conditions),
      delay_amount: rule.delayAmount,
      delay_unit: rule.delayUnit,
      window_amount: rule.windowAmount,
      window_unit: rule.windowUnit,
      channel: rule.channel,
      assignee: rule.assignee,
      sampling_percent: rule.samplingPercent,
      target_percent: rule.targetPercent,
      questionnaire_id: questionnaire?.id ?? null,
      priority: rule.priority,
      case_demanded: rule.caseDemanded,
      restricted: rule.restricted,
      enabled: rule.enabled,
      sort_order: rule.sortOrder,
      created_at: now,
      updated_at: now,
    });
    if (inserted) rulesInserted += 1;
  }
  return { rulesInserted };
}
