import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { formatDate, formatMoneyFen, yuanToFen } from '../../components/format';
import type { CaseActionFormProps } from '../cases/extensions';
import { registerCaseActionForm } from '../cases/extensions';
import { DEDUCTION_KINDS, REJECT_REASONS, type RefundCheck, type RefundFactsInput } from './api';

/**
 * The data of the warranty workflow's actions on the case page (保修申请 / 退换货, R-WAR-2, R-WAR-5):
 * 审核 (the day eligibility is judged on), 决定维修 (维修工单 or 返厂), 决定退货 (the facts of the
 * 三包 refund rules, the price and the deductions, with a check before deciding), 驳回申请 (reason,
 * paid repair). The server decides; these forms only collect what it needs.
 */
const WARRANTY = 'warranty';
const dateText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

// ---------------------------------------------------------------- 审核
function ReviewFields() {
  const { t } = useTranslation('warranty');
  return (
    <Form.Item name={['data', 'asOf']} label={t('form.asOf')} extra={t('form.asOfHint')}>
      <DatePicker style={{ width: '100%' }} />
    </Form.Item>
  );
}

registerCaseActionForm(WARRANTY, 'review', {
  Fields: ReviewFields,
  toData: (values) => {
    const asOf = dateText(values.data?.asOf);
    return asOf ? { asOf } : {};
  },
});

// ---------------------------------------------------------------- 决定维修
function RepairFields() {
  const { t } = useTranslation('warranty');
  const form = Form.useFormInstance();
  const mode = Form.useWatch(['data', 'mode'], form);
  return (
    <>
      <Form.Item name={['data', 'mode']} label={t('form.repairMode')} rules={[{ required: true, message: t('common:field.required') }]}>
        <Radio.Group
          options={[
            { value: 'repair_case', label: t('repairMode.repair_case') },
            { value: 'factory', label: t('repairMode.factory') },
          ]}
        />
      </Form.Item>
      {mode === 'factory' ? (
        <>
          <Form.Item name={['data', 'factoryName']} label={t('rma.factoryName')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name={['data', 'factoryAddress']} label={t('rma.factoryAddress')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      ) : (
        <Typography.Text type="secondary">{t('form.repairCaseHint')}</Typography.Text>
      )}
    </>
  );
}

registerCaseActionForm(WARRANTY, 'decide_repair', {
  Fields: RepairFields,
  initialValues: () => ({ data: { mode: 'repair_case' } }),
  toData: (values) => {
    const d = values.data ?? {};
    return d.mode === 'factory'
      ? { mode: 'factory', factoryName: d.factoryName?.trim() || undefined, factoryAddress: d.factoryAddress?.trim() || undefined }
      : { mode: 'repair_case' };
  },
});

// ---------------------------------------------------------------- 决定退货
/** The refund facts of the form as the API's input (yuan → fen, dates as days). Exported for tests. */
export function refundFactsOf(values: Record<string, any>): RefundFactsInput {
  const d = values.data ?? {};
  const mismatch: string[] = d.mismatch ?? [];
  const facts: RefundFactsInput = {};
  if (mismatch.length) {
    facts.contractMismatch = {
      model: mismatch.includes('model'),
      spec: mismatch.includes('spec'),
      quality: mismatch.includes('quality'),
    };
  }
  const foundOn = dateText(d.qualityProblemFoundOn);
  if (foundOn) facts.qualityProblemFoundOn = foundOn;
  if (d.unused !== undefined) facts.unused = d.unused === true;
  if (d.undamaged !== undefined) facts.undamaged = d.undamaged === true;
  if (typeof d.priceYuan === 'number') facts.priceFen = yuanToFen(d.priceYuan);
  const deductions = ((d.deductions ?? []) as { kind?: string; description?: string; amountYuan?: number }[])
    .filter((x) => x?.kind)
    .map((x) => ({
      kind: x.kind as (typeof DEDUCTION_KINDS)[number],
      ...(x.description?.trim() ? { description: x.description.trim() } : {}),
      ...(typeof x.amountYuan === 'number' ? { amountFen: yuanToFen(x.amountYuan) } : {}),
    }));
  if (deductions.length) facts.deductions = deductions;
  return facts;
}

/** One refund rule's outcome in words. Exported for tests. */
export function refundReasonText(reason: RefundCheck['reasons'][number], t: TFunction): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(reason.params)) {
    if (v === null) continue;
    if (Array.isArray(v)) params[k] = v.map((a) => t(`warranty:mismatch.${a}`, { defaultValue: a })).join('、');
    else params[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  }
  return `${t(`warranty:refundRule.${reason.rule}`)}：${t(`warranty:refundReason.${reason.code}`, params)}`;
}

function RefundCheckView({ check }: { check: RefundCheck }) {
  const { t } = useTranslation('warranty');
  return (
    <Alert
      type={check.allowed ? 'success' : 'warning'}
      showIcon
      data-testid="refund-check"
      message={check.allowed ? t('refund.allowedBy', { rule: t(`refundRule.${check.rule}`) }) : t('refund.notAllowed')}
      description={
        <Flex vertical gap={2}>
          {check.reasons.map((r) => (
            <Typography.Text key={r.rule} type={r.holds ? 'success' : 'secondary'}>
              {refundReasonText(r, t)}
            </Typography.Text>
          ))}
          {check.priceFen !== null && (
            <Typography.Text>
              {t('refund.amountLine', {
                price: formatMoneyFen(check.priceFen),
                deductions: formatMoneyFen(check.deductionsFen),
                refund: formatMoneyFen(check.refundFen),
              })}
              {check.priceSource ? `（${t(`priceSource.${check.priceSource}`)}）` : ''}
            </Typography.Text>
          )}
        </Flex>
      }
    />
  );
}

function RefundFields({ detail }: CaseActionFormProps) {
  const { t } = useTranslation('warranty');
  const form = Form.useFormInstance();
  const showError = useShowApiError('warranty');
  const check = useMutation({
    mutationFn: () => api.post<RefundCheck>(`/warranty/claims/${detail.id}/refund-check`, refundFactsOf(form.getFieldsValue(true))),
    onError: (error) => showError(error),
  });
  return (
    <>
      <Form.Item name={['data', 'mismatch']} label={t('form.contractMismatch')}>
        <Checkbox.Group
          options={(['model', 'spec', 'quality'] as const).map((a) => ({ value: a, label: t(`mismatch.${a}`) }))}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name={['data', 'qualityProblemFoundOn']} label={t('form.qualityProblemFoundOn')} style={{ minWidth: 180 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name={['data', 'unused']} label={t('form.unused')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name={['data', 'undamaged']} label={t('form.undamaged')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Flex>
      <Form.Item name={['data', 'priceYuan']} label={t('form.priceYuan')} extra={t('form.priceHint')}>
        <InputNumber min={0} max={10_000_000} precision={2} style={{ width: 200 }} suffix={t('yuan')} />
      </Form.Item>
      <Typography.Text strong>{t('form.deductions')}</Typography.Text>
      <Form.List name={['data', 'deductions']}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={4} style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: t('common:field.required') }]}>
                  <Select
                    style={{ width: 130 }}
                    aria-label={t('form.deductionKind')}
                    options={DEDUCTION_KINDS.map((k) => ({ value: k, label: t(`deductionKind.${k}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'description']}>
                  <Input placeholder={t('form.deductionDescription')} maxLength={200} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'amountYuan']}>
                  <InputNumber min={0} precision={2} placeholder={t('form.deductionDefault')} style={{ width: 140 }} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('form.removeDeduction')} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'packaging' })} style={{ width: 200 }}>
              {t('form.addDeduction')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Flex vertical gap={8} style={{ marginTop: 12, marginBottom: 12 }}>
        <Button onClick={() => check.mutate()} loading={check.isPending} style={{ width: 160 }} data-testid="refund-check-button">
          {t('refund.check')}
        </Button>
        {check.data && <RefundCheckView check={check.data} />}
      </Flex>
    </>
  );
}

registerCaseActionForm(WARRANTY, 'decide_refund', {
  Fields: RefundFields,
  initialValues: () => ({ data: { mismatch: [], deductions: [] } }),
  toData: (values) => refundFactsOf(values),
});

// ---------------------------------------------------------------- 驳回申请
function RejectFields() {
  const { t } = useTranslation('warranty');
  const form = Form.useFormInstance();
  const offer = Form.useWatch(['data', 'offerPaidRepair'], form);
  return (
    <>
      <Form.Item name={['data', 'reason']} label={t('form.rejectReason')} rules={[{ required: true, message: t('common:field.required') }]}>
        <Select options={REJECT_REASONS.map((r) => ({ value: r, label: t(`rejectReason.${r}`) }))} />
      </Form.Item>
      <Form.Item name={['data', 'offerPaidRepair']} label={t('form.offerPaidRepair')} valuePropName="checked">
        <Switch />
      </Form.Item>
      {offer && (
        <Form.Item name={['data', 'openPaidRepairCase']} label={t('form.openPaidRepairCase')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </>
  );
}

registerCaseActionForm(WARRANTY, 'decide_reject', {
  Fields: RejectFields,
  noteRequired: true,
  initialValues: (c) => ({ data: { reason: c.unit?.inWarranty === false ? 'out_of_warranty' : undefined, offerPaidRepair: true } }),
  toData: (values) => ({
    reason: values.data?.reason,
    offerPaidRepair: values.data?.offerPaidRepair === true,
    openPaidRepairCase: values.data?.offerPaidRepair === true && values.data?.openPaidRepairCase === true,
  }),
});

// ---------------------------------------------------------------- actions that only need the note
const NoFields = () => null;
for (const action of ['send_result', 'revise']) {
  registerCaseActionForm(WARRANTY, action, { Fields: NoFields, noteRequired: true, toData: () => undefined });
}
