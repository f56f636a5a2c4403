import { useQuery } from '@tanstack/react-query';
import {
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { dispatchCandidates, RankReason, repairJob } from '../../../../contracts/repairs';
import { api } from '../../api/client';
import { dayjs, formatDate, formatDateTime, yuanToFen } from '../../components/format';
import type { CaseDetail } from './api';
import { type CaseActionFormProps, registerCaseActionForm, registerCasePanel } from './extensions';

/**
 * What the desk needs for the repair workflow's actions on the case page (R-REP-1..4, R-REP-9):
 * 审核 (data checked, on site, warranty), 派单 (ranked technicians with their reasons, the
 * appointment window), 改约, 结案 (customer told), the customer's answer to a quote and a charge.
 * They are fallbacks: the repairs feature (repairs/casePage.tsx) registers the work order panel,
 * the actions of the order and its own forms for the technician's, inspector's and paid-repair
 * steps, which replace these where both exist; 审核, 派单, 改约 and 结案 stay the ones below.
 */
type DispatchCandidates = z.infer<typeof dispatchCandidates>;
type RepairJob = z.infer<typeof repairJob>;

const REPAIR = 'repair';
/** defaults: the repairs feature's own forms and panel take precedence when it registers them */
const FALLBACK = { fallback: true };
const WARRANTY_STATUSES = ['in_warranty', 'out_of_warranty', 'unknown'] as const;
const CONSENT_CHANNELS = ['phone', 'on_site', 'sms', 'email', 'portal', 'im'] as const;
const CHARGE_METHODS = ['cash', 'bank_transfer', 'wechat_pay', 'alipay', 'card', 'invoice'] as const;

/** Words for a dispatch ranking reason. Exported for tests. */
export function rankReasonText(r: RankReason, t: TFunction): string {
  switch (r.code) {
    case 'skill':
      return t('cases:repairForm.reason.skill', { level: r.level });
    case 'region':
      return t(`cases:repairForm.reason.region_${r.match}`);
    case 'open_jobs':
    case 'appointments_that_day':
      return t(`cases:repairForm.reason.${r.code}`, { value: r.value });
    case 'distance_km':
      return t('cases:repairForm.reason.distance_km', {
        value: Math.round(r.value * 10) / 10,
      });
    default:
      return t(`cases:repairForm.reason.${r.code}`);
  }
}

/** The next appointment slot: the next full hour after an hour from now, two hours long. */
function defaultWindow(): [Dayjs, Dayjs] {
  const start = dayjs().add(1, 'hour').add(59, 'minute').startOf('hour');
  return [start, start.add(2, 'hour')];
}

function windowOf(values: Record<string, any>) {
  const start = values.window?.start as Dayjs | undefined;
  const end = values.window?.end as Dayjs | undefined;
  return { start: start?.toISOString(), end: end?.toISOString() };
}

function WindowFields() {
  const { t } = useTranslation('cases');
  return (
    <Flex gap={12}>
      <Form.Item
        name={['window', 'start']}
        label={t('repairForm.windowStart')}
        rules={[{ required: true, message: t('common:field.required') }]}
        style={{ flex: 1 }}
      >
        <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name={['window', 'end']}
        label={t('repairForm.windowEnd')}
        rules={[{ required: true, message: t('common:field.required') }]}
        style={{ flex: 1 }}
      >
        <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
    </Flex>
  );
}

// ---------------------------------------------------------------- 审核
function ReviewFields() {
  const { t } = useTranslation('cases');
  return (
    <>
      <Form.Item
        name={['data', 'dataVerified']}
        valuePropName="checked"
        rules={[
          {
            validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('repairForm.dataVerifiedRequired')))),
          },
        ]}
      >
        <Checkbox data-testid="review-data-verified">{t('repairForm.dataVerified')}</Checkbox>
      </Form.Item>
      <Form.Item name={['data', 'onSite']} label={t('repairForm.onSite')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name={['data', 'warrantyStatus']} label={t('repairForm.warrantyStatus')}>
        <Select
          allowClear
          placeholder={t('repairForm.warrantyAuto')}
          options={WARRANTY_STATUSES.map((s) => ({
            value: s,
            label: t(`repairForm.warrantyStatuses.${s}`),
          }))}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.data?.warrantyStatus !== b.data?.warrantyStatus}>
        {({ getFieldValue }) =>
          getFieldValue(['data', 'warrantyStatus']) ? (
            <Form.Item
              name={['data', 'warrantyOverrideReason']}
              label={t('repairForm.warrantyOverrideReason')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('common:field.required'),
                },
              ]}
            >
              <Input maxLength={500} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name={['data', 'inspectionRequired']} label={t('repairForm.inspectionRequired')}>
        <Select
          allowClear
          placeholder={t('repairForm.inspectionDefault')}
          options={[
            { value: true, label: t('common:state.yes') },
            { value: false, label: t('common:state.no') },
          ]}
        />
      </Form.Item>
    </>
  );
}

registerCaseActionForm(
  REPAIR,
  'review',
  {
    Fields: ReviewFields,
    initialValues: (c) => ({
      data: { dataVerified: false, onSite: c.onSiteRequired },
    }),
    toData: (values) => {
      const d = values.data ?? {};
      return {
        dataVerified: d.dataVerified === true,
        onSite: !!d.onSite,
        ...(d.warrantyStatus
          ? {
              warrantyStatus: d.warrantyStatus,
              warrantyOverrideReason: d.warrantyOverrideReason,
            }
          : {}),
        ...(typeof d.inspectionRequired === 'boolean' ? { inspectionRequired: d.inspectionRequired } : {}),
      };
    },
  },
  FALLBACK,
);

// ---------------------------------------------------------------- 派单
function DispatchFields({ detail }: CaseActionFormProps) {
  return (
    <>
      <WindowFields />
      <Form.Item
        noStyle
        shouldUpdate={(a, b) => a.window?.start !== b.window?.start || a.data?.technicianId !== b.data?.technicianId}
      >
        {({ getFieldValue }) => (
          <TechnicianChoice
            detail={detail}
            start={getFieldValue(['window', 'start']) as Dayjs | undefined}
            chosen={getFieldValue(['data', 'technicianId']) as string | undefined}
          />
        )}
      </Form.Item>
    </>
  );
}

/** The ranked technicians for the appointment's day, with why; passing over the first needs a reason. */
function TechnicianChoice({ detail, start, chosen }: { detail: CaseDetail; start?: Dayjs; chosen?: string }) {
  const { t } = useTranslation('cases');
  const date = start ? start.format('YYYY-MM-DD') : undefined;
  const candidates = useQuery({
    queryKey: ['cases', 'dispatch-candidates', detail.id, date ?? ''],
    queryFn: () =>
      api.get<DispatchCandidates>(`/cases/${detail.id}/dispatch-candidates`, {
        date,
      }),
    retry: false,
  });
  const items = candidates.data?.items ?? [];
  const top = items[0]?.technicianId;
  return (
    <>
      <Form.Item
        name={['data', 'technicianId']}
        label={t('repairForm.technician')}
        rules={[{ required: true, message: t('common:field.required') }]}
      >
        {candidates.isLoading ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('repairForm.noCandidates')} />
        ) : (
          <Radio.Group style={{ width: '100%' }}>
            <Flex vertical gap={6} data-testid="dispatch-candidates" style={{ maxHeight: 280, overflowY: 'auto' }}>
              {items.map((c) => (
                <Radio key={c.technicianId} value={c.technicianId}>
                  <Flex vertical>
                    <Space size={6} wrap>
                      <Tag color={c.rank === 1 ? 'green' : undefined} style={{ marginInlineEnd: 0 }}>
                        {t('repairForm.rank', { rank: c.rank })}
                      </Tag>
                      <Typography.Text strong>{c.name}</Typography.Text>
                      {c.phone && <Typography.Text type="secondary">{c.phone}</Typography.Text>}
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.reasons.map((r) => rankReasonText(r, t)).join(' · ')}
                    </Typography.Text>
                  </Flex>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        )}
      </Form.Item>
      {chosen && top && chosen !== top && (
        <Form.Item
          name={['data', 'overrideReason']}
          label={t('repairForm.overrideReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:field.required'),
            },
          ]}
        >
          <Input maxLength={500} />
        </Form.Item>
      )}
    </>
  );
}

registerCaseActionForm(
  REPAIR,
  'dispatch',
  {
    Fields: DispatchFields,
    initialValues: () => {
      const [start, end] = defaultWindow();
      return { window: { start, end } };
    },
    toData: (values) => ({
      technicianId: values.data?.technicianId,
      window: windowOf(values),
      ...(values.data?.overrideReason?.trim() ? { overrideReason: values.data.overrideReason.trim() } : {}),
    }),
  },
  FALLBACK,
);

// ---------------------------------------------------------------- 改约
function RescheduleFields() {
  const { t } = useTranslation('cases');
  return (
    <>
      <WindowFields />
      <Form.Item
        name={['data', 'reason']}
        label={t('repairForm.rescheduleReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common:field.required'),
          },
        ]}
      >
        <Input maxLength={500} />
      </Form.Item>
    </>
  );
}

registerCaseActionForm(
  REPAIR,
  'reschedule',
  {
    Fields: RescheduleFields,
    initialValues: () => {
      const [start, end] = defaultWindow();
      return { window: { start, end } };
    },
    toData: (values) => ({
      window: windowOf(values),
      reason: values.data?.reason?.trim(),
    }),
  },
  FALLBACK,
);

// ---------------------------------------------------------------- 结案
function CloseFields() {
  const { t } = useTranslation('cases');
  return (
    <Form.Item
      name={['data', 'customerInformed']}
      valuePropName="checked"
      rules={[
        {
          validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('repairForm.customerInformedRequired')))),
        },
      ]}
    >
      <Checkbox data-testid="close-customer-informed">{t('repairForm.customerInformed')}</Checkbox>
    </Form.Item>
  );
}

registerCaseActionForm(
  REPAIR,
  'close',
  {
    Fields: CloseFields,
    toData: (values) => ({
      customerInformed: values.data?.customerInformed === true,
    }),
  },
  FALLBACK,
);

// ---------------------------------------------------------------- the customer's answer to a quote, a charge
function ConsentFields() {
  const { t } = useTranslation('cases');
  return (
    <Flex gap={12}>
      <Form.Item
        name={['data', 'consentBy']}
        label={t('repairForm.consentBy')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common:field.required'),
          },
        ]}
        style={{ flex: 1 }}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name={['data', 'channel']} label={t('repairForm.consentChannel')} style={{ flex: 1 }}>
        <Select
          options={CONSENT_CHANNELS.map((c) => ({
            value: c,
            label: t(`repairForm.consentChannels.${c}`),
          }))}
        />
      </Form.Item>
    </Flex>
  );
}

for (const action of ['record_consent', 'record_refusal']) {
  registerCaseActionForm(
    REPAIR,
    action,
    {
      Fields: ConsentFields,
      initialValues: (c) => ({
        data: { consentBy: c.contactName ?? '', channel: 'phone' },
      }),
    },
    FALLBACK,
  );
}

function ChargeFields() {
  const { t } = useTranslation('cases');
  return (
    <Flex gap={12}>
      <Form.Item
        name={['data', 'amountYuan']}
        label={t('repairForm.amountYuan')}
        rules={[{ required: true, message: t('common:field.required') }]}
        style={{ flex: 1 }}
      >
        <InputNumber min={0.01} max={1_000_000} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name={['data', 'method']} label={t('repairForm.chargeMethod')} style={{ flex: 1 }}>
        <Select
          options={CHARGE_METHODS.map((m) => ({
            value: m,
            label: t(`repairForm.chargeMethods.${m}`),
          }))}
        />
      </Form.Item>
    </Flex>
  );
}

registerCaseActionForm(
  REPAIR,
  'record_charge',
  {
    Fields: ChargeFields,
    initialValues: () => ({ data: { method: 'wechat_pay' } }),
    toData: (values) => ({
      amountFen: yuanToFen(Number(values.data?.amountYuan ?? 0)),
      method: values.data?.method,
    }),
  },
  FALLBACK,
);

// ---------------------------------------------------------------- 维修工单 panel
function RepairPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  const job = useQuery({
    queryKey: ['cases', 'repair', detail.id, detail.version],
    queryFn: () => api.get<RepairJob>(`/cases/${detail.id}/repair`),
    retry: false,
  });
  if (job.isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  const r = job.data?.repair;
  if (!r) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Descriptions column={1} size="small" data-testid="repair-panel">
      <Descriptions.Item label={t('repairPanel.technician')}>
        {r.technician ? (
          <Space size={4}>
            <span>{r.technician.name}</span>
            {r.technician.phone && <Typography.Text type="secondary">{r.technician.phone}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('repairPanel.none')}</Typography.Text>
        )}
      </Descriptions.Item>
      {r.appointment && (
        <Descriptions.Item label={t('repairPanel.appointment')}>
          {formatDateTime(r.appointment.start)} – {formatDateTime(r.appointment.end, 'HH:mm')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('repairPanel.warranty')}>
        <Space size={4} wrap>
          <Tag
            color={
              r.warranty.status === 'in_warranty' ? 'success' : r.warranty.status === 'out_of_warranty' ? 'error' : 'default'
            }
          >
            {t(`repairForm.warrantyStatuses.${r.warranty.status}`)}
          </Tag>
          {r.warranty.warrantyEnd && (
            <Typography.Text type="secondary">
              {t('warranty.until', {
                date: formatDate(r.warranty.warrantyEnd),
              })}
            </Typography.Text>
          )}
          {r.warranty.overrideReason && <Typography.Text type="secondary">{r.warranty.overrideReason}</Typography.Text>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('field.onSite')}>
        {r.onSite ? t('repairPanel.onSite') : t('repairPanel.workshop')}
      </Descriptions.Item>
      {r.reworkCount > 0 && (
        <Descriptions.Item label={t('event.rework')}>{t('repairPanel.reworkCount', { count: r.reworkCount })}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

registerCasePanel(
  {
    key: 'repair',
    workflows: [REPAIR],
    placement: 'side',
    titleKey: 'cases:repairPanel.title',
    Component: RepairPanel,
  },
  FALLBACK,
);
