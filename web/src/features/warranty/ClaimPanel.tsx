import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Skeleton,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { dayjs, formatDate, formatDateTime, formatMoneyFen, yuanToFen } from '../../components/format';
import type { CaseDetail } from '../cases/api';
import { entitlementText } from '../cases/entitlement';
import { type CasePanelProps, registerCasePanel } from '../cases/extensions';
import { WarrantyTag } from '../cases/labels';
import {
  type ClaimView,
  type EntitlementView,
  type RefundView,
  type ReplacementView,
  type RmaView,
  useClaim,
  warrantyKeys,
} from './api';
import { RmaStateTag } from './labels';

/**
 * The 保修 panel of a warranty claim / return on the case page (R-WAR-2..6): purchase proof,
 * the eligibility snapshot of the review, the decision, and the remedy with its own steps —
 * 返厂 (shipments, the ship-back deadline), 换货 (new unit, inspection, acceptance), 退货
 * (rule, deductions, payment) — and the 三包件 returned on the case. Buttons show exactly the
 * steps the server allows for this user.
 */

// ---------------------------------------------------------------- a small dialog for one step of a record
function StepModal({
  title,
  open,
  onClose,
  onSubmit,
  children,
  initialValues,
  noteRequired,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (values: Record<string, any>) => Promise<unknown>;
  children?: ReactNode;
  initialValues?: Record<string, unknown>;
  noteRequired?: boolean;
}) {
  const { t } = useTranslation('warranty');
  const [form] = Form.useForm<Record<string, any>>();
  const showError = useShowApiError('warranty');
  const run = useMutation({
    mutationFn: onSubmit,
    onSuccess: () => {
      form.resetFields();
      onClose();
    },
    onError: (error) => showError(error, { form }),
  });
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:button.confirm')}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => run.mutate(values)}>
        {children}
        <Form.Item
          name="note"
          label={t('form.note')}
          rules={noteRequired ? [{ required: true, whitespace: true, message: t('common:field.required') }] : []}
        >
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const isoOf = (d: Dayjs | undefined) => (d ? d.toISOString() : undefined);
const noteOf = (values: Record<string, any>) => (typeof values.note === 'string' && values.note.trim() ? values.note.trim() : undefined);

function AtField() {
  const { t } = useTranslation('warranty');
  return (
    <Form.Item name="at" label={t('form.at')} extra={t('form.atHint')}>
      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
    </Form.Item>
  );
}

function ShipmentFields() {
  const { t } = useTranslation('warranty');
  const required = [{ required: true, whitespace: true, message: t('common:field.required') }];
  return (
    <>
      <Flex gap={12}>
        <Form.Item name="carrier" label={t('rma.carrier')} rules={required} style={{ flex: 1 }}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="trackingNumber" label={t('rma.trackingNumber')} rules={required} style={{ flex: 1 }}>
          <Input maxLength={100} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item
          name="costYuan"
          label={t('rma.costYuan')}
          extra={t('rma.costHint')}
          rules={[{ required: true, message: t('common:field.required') }]}
          style={{ flex: 1 }}
        >
          <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('yuan')} />
        </Form.Item>
        <Form.Item name="at" label={t('rma.shippedAt')} extra={t('form.atHint')} style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
    </>
  );
}

// ---------------------------------------------------------------- 返厂
const RMA_STEPS = [
  ['shippedToFactoryAt', 'shipped_to_factory'],
  ['receivedByFactoryAt', 'received_by_factory'],
  ['repairedAtFactoryAt', 'repaired_at_factory'],
  ['shippedBackAt', 'shipped_back'],
  ['receivedByCustomerAt', 'received_by_customer'],
] as const;

function RmaCard({ rma, onChanged }: { rma: RmaView; onChanged: () => void }) {
  const { t } = useTranslation('warranty');
  const [action, setAction] = useState<RmaView['allowedActions'][number] | null>(null);
  const submit = (values: Record<string, any>) => {
    const note = noteOf(values);
    let data: Record<string, unknown> | undefined;
    if (action === 'ship_to_factory' || action === 'ship_back') {
      data = {
        carrier: values.carrier,
        trackingNumber: values.trackingNumber,
        costFen: yuanToFen(Number(values.costYuan ?? 0)),
        ...(values.at ? { shippedAt: isoOf(values.at) } : {}),
      };
    } else if (action === 'repair_at_factory') {
      data = { repairNotes: values.repairNotes, ...(values.at ? { at: isoOf(values.at) } : {}) };
    } else if (action !== 'cancel') {
      data = values.at ? { at: isoOf(values.at) } : undefined;
    }
    return api
      .post<RmaView>(`/warranty/rmas/${rma.id}/actions`, { action, version: rma.version, ...(note ? { note } : {}), ...(data ? { data } : {}) })
      .then(onChanged);
  };
  const current = RMA_STEPS.findIndex(([, state]) => state === rma.state);
  const overdue = !!rma.shipBackDueAt && !rma.shipBackMetAt && dayjs(rma.shipBackDueAt).isBefore(dayjs());
  return (
    <Card
      size="small"
      data-testid="rma-card"
      title={
        <Flex gap={8} align="center">
          <span>{t('rma.title', { number: rma.number })}</span>
          <RmaStateTag state={rma.state} />
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          {rma.allowedActions.map((a, i) => (
            <Button key={a} size="small" type={i === 0 ? 'primary' : 'default'} danger={a === 'cancel' || a === 'report_unrepairable'} onClick={() => setAction(a)}>
              {t(`rmaAction.${a}`)}
            </Button>
          ))}
        </Flex>
      }
    >
      <Steps
        size="small"
        current={current}
        status={rma.state === 'cancelled' || rma.state === 'unrepairable' ? 'error' : undefined}
        items={RMA_STEPS.map(([field, state]) => ({
          title: t(`rmaState.${state}`),
          description: rma[field] ? formatDateTime(rma[field]) : undefined,
        }))}
      />
      <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('rma.factoryName')}>{rma.factoryName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('rma.shipBackDue')}>
          {rma.shipBackDueAt ? (
            <Typography.Text type={overdue ? 'danger' : undefined}>
              {formatDateTime(rma.shipBackDueAt)}
              {rma.shipBackMetAt ? ` · ${t('rma.shipBackMet')}` : overdue ? ` · ${t('rma.overdue')}` : ''}
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {rma.factoryRepairNotes && (
          <Descriptions.Item label={t('rma.repairNotes')} span={2}>
            {rma.factoryRepairNotes}
          </Descriptions.Item>
        )}
      </Descriptions>
      {rma.shipments.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rma.shipments}
          columns={[
            { title: t('rma.direction'), dataIndex: 'direction', render: (v: string) => t(`direction.${v}`) },
            { title: t('rma.carrier'), dataIndex: 'carrier' },
            { title: t('rma.trackingNumber'), dataIndex: 'trackingNumber' },
            { title: t('rma.shippedAt'), dataIndex: 'shippedAt', render: (v: string) => formatDateTime(v) },
            { title: t('rma.receivedAt'), dataIndex: 'receivedAt', render: (v: string | null) => formatDateTime(v) },
            { title: t('rma.cost'), dataIndex: 'costFen', align: 'right', render: (v: number) => formatMoneyFen(v) },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                {t('rma.totalCost')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatMoneyFen(rma.totalShippingCostFen)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      <StepModal
        title={action ? t(`rmaAction.${action}`) : ''}
        open={action !== null}
        onClose={() => setAction(null)}
        onSubmit={submit}
        noteRequired={action === 'cancel' || action === 'report_unrepairable'}
      >
        {(action === 'ship_to_factory' || action === 'ship_back') && <ShipmentFields />}
        {action === 'repair_at_factory' && (
          <Form.Item
            name="repairNotes"
            label={t('rma.repairNotes')}
            rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        )}
        {(action === 'receive_at_factory' ||
          action === 'repair_at_factory' ||
          action === 'report_unrepairable' ||
          action === 'receive_by_customer') && <AtField />}
      </StepModal>
    </Card>
  );
}

// ---------------------------------------------------------------- 换货
function ReplacementCard({ rep, detail, onChanged }: { rep: ReplacementView; detail: CaseDetail; onChanged: () => void }) {
  const { t } = useTranslation('warranty');
  const [action, setAction] = useState<ReplacementView['allowedActions'][number] | null>(null);
  const submit = (values: Record<string, any>) => {
    const note = noteOf(values);
    let data: Record<string, unknown> | undefined;
    if (action === 'record_unit') {
      data = {
        serialNumber: values.serialNumber,
        ...(values.substitute && values.substitutionReason ? { substitutionReason: values.substitutionReason } : {}),
      };
    } else if (action === 'inspect') data = { result: values.result };
    else if (action === 'accept') data = { signedBy: values.signedBy };
    return api
      .post<ReplacementView>(`/warranty/replacements/${rep.id}/actions`, {
        action,
        version: rep.version,
        ...(note ? { note } : {}),
        ...(data ? { data } : {}),
      })
      .then(onChanged);
  };
  const unitLine = (u: ReplacementView['oldUnit'] | null, p: ReplacementView['oldProduct'] | null) =>
    u ? `${p?.model ?? ''} · ${u.serialNumber}` : '—';
  return (
    <Card
      size="small"
      data-testid="replacement-card"
      title={
        <Flex gap={8} align="center">
          <span>{t('replacement.title')}</span>
          <Tag color={rep.state === 'accepted' ? 'success' : rep.state === 'inspection_failed' ? 'error' : 'processing'}>
            {t(`replacementState.${rep.state}`)}
          </Tag>
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          {rep.allowedActions.map((a, i) => (
            <Button key={a} size="small" type={i === 0 ? 'primary' : 'default'} danger={a === 'cancel'} onClick={() => setAction(a)}>
              {t(`replacementAction.${a}`)}
            </Button>
          ))}
        </Flex>
      }
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('replacement.oldUnit')}>{unitLine(rep.oldUnit, rep.oldProduct)}</Descriptions.Item>
        <Descriptions.Item label={t('replacement.newUnit')}>{unitLine(rep.newUnit, rep.newProduct)}</Descriptions.Item>
        {rep.substitutionReason && (
          <Descriptions.Item label={t('replacement.substitutionReason')} span={2}>
            {rep.substitutionReason}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('replacement.inspection')}>
          {rep.inspectionResult ? `${t(`inspection.${rep.inspectionResult}`)} · ${rep.inspectedBy?.name ?? ''} ${formatDateTime(rep.inspectedAt)}` : '—'}
          {rep.inspectionNote ? `（${rep.inspectionNote}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('replacement.acceptance')}>
          {rep.acceptedAt ? `${rep.acceptanceSignedBy ?? ''} ${formatDateTime(rep.acceptedAt)}` : '—'}
        </Descriptions.Item>
        {rep.reworkCount > 0 && (
          <Descriptions.Item label={t('replacement.rework')}>{t('replacement.reworkCount', { count: rep.reworkCount })}</Descriptions.Item>
        )}
      </Descriptions>
      <StepModal
        title={action ? t(`replacementAction.${action}`) : ''}
        open={action !== null}
        onClose={() => setAction(null)}
        onSubmit={submit}
        noteRequired={action === 'cancel' || action === 'reject_acceptance'}
        initialValues={action === 'accept' ? { signedBy: detail.contactName ?? '' } : action === 'inspect' ? { result: 'passed' } : {}}
      >
        {action === 'record_unit' && <RecordUnitFields rep={rep} />}
        {action === 'inspect' && (
          <Form.Item name="result" label={t('replacement.inspection')} rules={[{ required: true, message: t('common:field.required') }]}>
            <Radio.Group options={(['passed', 'failed'] as const).map((r) => ({ value: r, label: t(`inspection.${r}`) }))} />
          </Form.Item>
        )}
        {action === 'accept' && (
          <Form.Item
            name="signedBy"
            label={t('replacement.signedBy')}
            rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
      </StepModal>
    </Card>
  );
}

function RecordUnitFields({ rep }: { rep: ReplacementView }) {
  const { t } = useTranslation('warranty');
  const form = Form.useFormInstance();
  const substitute = Form.useWatch('substitute', form);
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('replacement.sameModelHint', { model: rep.oldProduct.model, spec: rep.oldProduct.specification ?? '—' })}
      </Typography.Paragraph>
      <Form.Item
        name="serialNumber"
        label={t('replacement.newSerial')}
        rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
      >
        <Input maxLength={100} autoFocus />
      </Form.Item>
      {rep.oldProduct.status === 'discontinued' && (
        <>
          <Form.Item name="substitute" label={t('replacement.substitute')} valuePropName="checked">
            <Checkbox />
          </Form.Item>
          {substitute && (
            <Form.Item
              name="substitutionReason"
              label={t('replacement.substitutionReason')}
              rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
            >
              <Input maxLength={500} />
            </Form.Item>
          )}
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------- 退货
function RefundCard({ refund, onChanged }: { refund: RefundView; onChanged: () => void }) {
  const { t } = useTranslation('warranty');
  const [paying, setPaying] = useState(false);
  return (
    <Card
      size="small"
      data-testid="refund-card"
      title={
        <Flex gap={8} align="center">
          <span>{t('refund.title')}</span>
          <Tag color={refund.state === 'paid' ? 'success' : refund.state === 'cancelled' ? 'default' : 'processing'}>
            {t(`refundState.${refund.state}`)}
          </Tag>
        </Flex>
      }
      extra={
        refund.allowedActions.includes('pay') && (
          <Button size="small" type="primary" onClick={() => setPaying(true)}>
            {t('refund.pay')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('refund.rule')} span={2}>
          {t(`refundRule.${refund.rule}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('refund.price')}>
          {formatMoneyFen(refund.priceFen)}（{t(`priceSource.${refund.priceSource}`)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('refund.deductions')}>
          {refund.deductions.length
            ? refund.deductions
                .map((d) => `${t(`deductionKind.${d.kind}`)}${d.description ? `（${d.description}）` : ''} ${formatMoneyFen(d.amountFen)}`)
                .join('；')
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('refund.amount')}>
          <Typography.Text strong>{formatMoneyFen(refund.refundFen)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('refund.payment')}>
          {refund.paidAt ? `${refund.paymentReference ?? ''} · ${formatDateTime(refund.paidAt)} · ${refund.paidBy?.name ?? ''}` : '—'}
        </Descriptions.Item>
      </Descriptions>
      <StepModal
        title={t('refund.pay')}
        open={paying}
        onClose={() => setPaying(false)}
        onSubmit={(values) =>
          api
            .post(`/warranty/refunds/${refund.id}/actions`, {
              action: 'pay',
              version: refund.version,
              ...(noteOf(values) ? { note: noteOf(values) } : {}),
              data: { paymentReference: values.paymentReference, ...(values.at ? { paidAt: isoOf(values.at) } : {}) },
            })
            .then(onChanged)
        }
      >
        <Form.Item
          name="paymentReference"
          label={t('refund.paymentReference')}
          rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <AtField />
      </StepModal>
    </Card>
  );
}

// ---------------------------------------------------------------- 三包件
function DefectiveParts({ claim, onChanged }: { claim: ClaimView; onChanged: () => void }) {
  const { t } = useTranslation('warranty');
  const can = useCan();
  const [adding, setAdding] = useState(false);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('defective.title')}</Typography.Text>
        {can('warranty.write') && (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('defective.add')}
          </Button>
        )}
      </Flex>
      {claim.defectiveParts.length === 0 ? (
        <Typography.Text type="secondary">{t('defective.none')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={claim.defectiveParts}
          columns={[
            { title: t('defective.partName'), dataIndex: 'partName' },
            { title: t('defective.serialOrBatch'), dataIndex: 'serialOrBatch', render: (v: string | null) => v ?? '—' },
            { title: t('defective.fault'), dataIndex: 'faultDescription', ellipsis: true },
            { title: t('defective.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v) },
            { title: t('defective.disposition'), dataIndex: 'disposition', render: (v: string) => t(`disposition.${v}`) },
          ]}
        />
      )}
      <StepModal
        title={t('defective.add')}
        open={adding}
        onClose={() => setAdding(false)}
        onSubmit={(values) =>
          api
            .post('/warranty/defective-parts', {
              caseId: claim.case.id,
              partName: values.partName,
              ...(values.serialOrBatch ? { serialOrBatch: values.serialOrBatch } : {}),
              faultDescription: values.faultDescription,
              ...(values.at ? { receivedAt: isoOf(values.at) } : {}),
            })
            .then(onChanged)
        }
      >
        <Form.Item name="partName" label={t('defective.partName')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="serialOrBatch" label={t('defective.serialOrBatch')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="faultDescription"
          label={t('defective.fault')}
          rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
        >
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <AtField />
      </StepModal>
    </Flex>
  );
}

// ---------------------------------------------------------------- the panel

export function EntitlementLines({ entitlement }: { entitlement: EntitlementView }) {
  const { t } = useTranslation('cases');
  return (
    <Flex vertical gap={2} data-testid="claim-entitlement">
      <span>
        <WarrantyTag inWarranty={entitlement.inWarranty} end={entitlement.coveredUntil} />
      </span>
      {entitlement.messages.map((m) => (
        <Typography.Text key={m.code} type="secondary" style={{ fontSize: 12 }}>
          {entitlementText(m, t)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function ProofModal({ claim, open, onClose, onChanged }: { claim: ClaimView; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation('warranty');
  const proof = claim.claim.purchaseProof;
  return (
    <StepModal
      title={t('proof.edit')}
      open={open}
      onClose={onClose}
      initialValues={{
        purchaseDate: proof ? dayjs(proof.purchaseDate) : undefined,
        documentNumber: proof?.documentNumber ?? '',
        seller: proof?.seller ?? '',
      }}
      onSubmit={(values) =>
        api
          .put(`/warranty/claims/${claim.case.id}/purchase-proof`, {
            version: claim.claim.version,
            purchaseProof: {
              purchaseDate: (values.purchaseDate as Dayjs).format('YYYY-MM-DD'),
              documentNumber: values.documentNumber?.trim() || null,
              seller: values.seller?.trim() || null,
              attachmentId: proof?.attachmentId ?? null,
            },
          })
          .then(onChanged)
      }
    >
      <Form.Item name="purchaseDate" label={t('proof.purchaseDate')} rules={[{ required: true, message: t('common:field.required') }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="documentNumber" label={t('proof.documentNumber')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="seller" label={t('proof.seller')}>
        <Input maxLength={200} />
      </Form.Item>
    </StepModal>
  );
}

export function ClaimPanel({ detail, onChanged }: CasePanelProps) {
  const { t } = useTranslation('warranty');
  const can = useCan();
  const queryClient = useQueryClient();
  const claimQuery = useClaim(detail.id, detail.version);
  const [editingProof, setEditingProof] = useState(false);
  const { message } = App.useApp();
  if (claimQuery.isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (claimQuery.error) return <ApiErrorAlert error={claimQuery.error} />;
  const claim = claimQuery.data;
  if (!claim) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const changed = () => {
    void message.success(t('saved'));
    void queryClient.invalidateQueries({ queryKey: warrantyKeys.claim(detail.id) });
    onChanged();
  };
  const c = claim.claim;
  const proofEditable = can('warranty.write') && ['applied', 'replied', 'reviewed'].includes(detail.state);
  const entitlement = c.entitlement ?? claim.currentEntitlement;
  return (
    <Flex vertical gap={12} data-testid="warranty-panel">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('proof.title')} span={2}>
          <Flex gap={8} align="center" wrap>
            {c.purchaseProof ? (
              <span>
                {t('proof.line', {
                  date: formatDate(c.purchaseProof.purchaseDate),
                  document: c.purchaseProof.documentNumber ?? '—',
                  seller: c.purchaseProof.seller ?? '—',
                })}
              </span>
            ) : (
              <Typography.Text type="secondary">{t('proof.none')}</Typography.Text>
            )}
            {proofEditable && (
              <Button size="small" onClick={() => setEditingProof(true)}>
                {c.purchaseProof ? t('proof.edit') : t('proof.add')}
              </Button>
            )}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={c.entitlement ? t('claim.eligibility') : t('claim.currentEntitlement')} span={2}>
          {entitlement ? <EntitlementLines entitlement={entitlement} /> : <Typography.Text type="secondary">{t('claim.noProduct')}</Typography.Text>}
          {c.reviewedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('claim.reviewedBy', { name: c.reviewedBy?.name ?? '', at: formatDateTime(c.reviewedAt) })}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('claim.decision')}>
          {c.decision ? (
            <Flex gap={4} wrap align="center">
              <Tag color={c.decision === 'reject' ? 'error' : 'blue'}>{t(`decision.${c.decision}`)}</Tag>
              {c.repairMode && <span>{t(`repairMode.${c.repairMode}`)}</span>}
              {c.decidedBy && (
                <Typography.Text type="secondary">
                  {c.decidedBy.name} {formatDateTime(c.decidedAt)}
                </Typography.Text>
              )}
            </Flex>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('claim.repairCase')}>
          {c.repairCase ? <Link to={`/cases/${c.repairCase.id}`}>{c.repairCase.number}</Link> : '—'}
        </Descriptions.Item>
        {c.resultText && (
          <Descriptions.Item label={t('claim.result')} span={2}>
            {c.resultText}
            <Typography.Text type="secondary"> · {formatDateTime(c.resultSentAt)}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {claim.rmas.map((r) => (
        <RmaCard key={r.id} rma={r} onChanged={changed} />
      ))}
      {claim.replacements.map((r) => (
        <ReplacementCard key={r.id} rep={r} detail={detail} onChanged={changed} />
      ))}
      {claim.refunds.map((r) => (
        <RefundCard key={r.id} refund={r} onChanged={changed} />
      ))}
      <DefectiveParts claim={claim} onChanged={changed} />
      {claim.decisions.length > 1 && (
        <Flex vertical gap={2}>
          <Typography.Text strong>{t('claim.history')}</Typography.Text>
          {claim.decisions.map((d) => (
            <Typography.Text key={d.id} type={d.supersededAt ? 'secondary' : undefined} delete={!!d.supersededAt}>
              {formatDateTime(d.decidedAt)} {d.decidedBy?.name ?? ''} {t(`decision.${d.decision}`)}
              {d.note ? `：${d.note}` : ''}
            </Typography.Text>
          ))}
        </Flex>
      )}
      <ProofModal claim={claim} open={editingProof} onClose={() => setEditingProof(false)} onChanged={changed} />
    </Flex>
  );
}

registerCasePanel({
  key: 'warranty',
  workflows: ['warranty'],
  placement: 'main',
  titleKey: 'warranty:panel.title',
  Component: ClaimPanel,
});

