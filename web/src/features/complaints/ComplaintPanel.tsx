import { CopyOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { dayjs, fenToYuan, formatDate, formatDateTime, formatMoneyFen, yuanToFen } from '../../components/format';
import { useUserOptions } from '../cases/api';
import { type CasePanelProps, registerCasePanel } from '../cases/extensions';
import { metricLabel } from '../cases/labels';
import { useDebounced } from '../cases/useDebounced';
import { useAllDepartments } from '../staff/api';
import {
  CAPA_KINDS,
  type CapaView,
  type ComplaintView,
  type ConfirmationLink,
  complaintKeys,
  EVIDENCE_KINDS,
  OUTCOMES_OF_KIND,
  RESPONSIBILITIES,
  useComplaint,
  useComplaintCategories,
} from './api';

/**
 * The 投诉处理 panel of a complaint on the case page (R-CMP-2..12): the step now, its deadline and
 * who must act; verification; 投诉调查 (evidence, root cause, responsibility, departments, meeting,
 * the general manager's decision, 会签); 纠正和预防措施 with their deadlines and verification;
 * the resolution by category; extension; signatures; what closure still needs; the complainant's
 * confirmation links; the report downloads. The buttons of the workflow are the case page's.
 */

const dayText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** A dialog with a form for one command of the complaint (not a workflow action). */
function CommandModal({
  title,
  open,
  onClose,
  onSubmit,
  initialValues,
  children,
  width = 600,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (values: Record<string, any>) => Promise<unknown>;
  initialValues?: Record<string, unknown>;
  children: ReactNode;
  width?: number;
}) {
  const { t } = useTranslation('complaints');
  const [form] = Form.useForm<Record<string, any>>();
  const showError = useShowApiError('complaints');
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
      okButtonProps={{ 'data-testid': 'command-confirm' } as ButtonProps}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={width}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => run.mutate(values)} preserve={false}>
        {children}
      </Form>
    </Modal>
  );
}

function UserPicker({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId?: string }) {
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const users = useUserOptions(q);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      loading={users.isFetching}
      data-testid={testId}
      options={(users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}）${u.departmentName ? ` · ${u.departmentName}` : ''}`,
      }))}
    />
  );
}

function DepartmentPicker({ value, onChange, multiple, testId }: { value?: any; onChange?: (v: any) => void; multiple?: boolean; testId?: string }) {
  const departments = useAllDepartments();
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      allowClear
      value={value}
      onChange={onChange}
      loading={departments.isLoading}
      data-testid={testId}
      optionFilterProp="label"
      options={(departments.data?.items ?? []).filter((d) => !d.archived).map((d) => ({ value: d.id, label: d.name }))}
    />
  );
}

// ---------------------------------------------------------------- 投诉调查
function InvestigationForm({ view }: { view: ComplaintView }) {
  const { t } = useTranslation('complaints');
  const required = [{ required: true, whitespace: true, message: t('common:field.required') }];
  const form = Form.useFormInstance();
  const hasMeeting = Form.useWatch('hasMeeting', form);
  return (
    <>
      <Form.List name="evidence">
        {(fields, { add, remove }) => (
          <Form.Item label={t('investigation.evidence')}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline">
                <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: t('common:field.required') }]} style={{ width: 150 }}>
                  <Select options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidenceKind.${k}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'description']} rules={required} style={{ flex: 1 }}>
                  <Input placeholder={t('investigation.evidenceDescription')} maxLength={1000} />
                </Form.Item>
                <Button type="link" danger onClick={() => remove(field.name)}>
                  {t('common:button.delete')}
                </Button>
              </Flex>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'inspection_report' })} data-testid="add-evidence">
              {t('investigation.addEvidence')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="rootCause" label={t('investigation.rootCause')}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="root-cause" />
      </Form.Item>
      <Form.Item name="responsibility" label={t('investigation.responsibility')}>
        <Radio.Group>
          {RESPONSIBILITIES.map((r) => (
            <Radio key={r} value={r}>
              {t(`responsibility.${r}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="departmentIds" label={t('investigation.departments')}>
        <DepartmentPicker multiple testId="departments" />
      </Form.Item>
      <Form.Item name="hasMeeting" valuePropName="checked">
        <Checkbox>{t('investigation.meeting')}</Checkbox>
      </Form.Item>
      {hasMeeting ? (
        <>
          <Form.Item name={['meeting', 'heldOn']} label={t('investigation.heldOn')} rules={[{ required: true, message: t('common:field.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name={['meeting', 'attendees']} label={t('investigation.attendees')} rules={required}>
            <Input maxLength={1000} />
          </Form.Item>
          <Form.Item name={['meeting', 'conclusion']} label={t('investigation.conclusion')} rules={required}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </>
      ) : null}
      {view.complaint.gmDecision ? <Alert type="info" showIcon message={t('investigation.gmDecided', { text: view.complaint.gmDecision })} /> : null}
    </>
  );
}

// ---------------------------------------------------------------- 纠正和预防措施
function CapaTable({ view, onChanged }: { view: ComplaintView; onChanged: () => void }) {
  const { t } = useTranslation('complaints');
  const can = useCan();
  const { modal } = App.useApp();
  const [completing, setCompleting] = useState<CapaView | null>(null);
  const showError = useShowApiError('complaints');
  const verify = useMutation({
    mutationFn: (input: { a: CapaView; passed: boolean }) =>
      api.post(`/complaints/capa/${input.a.id}`, { action: 'verify', passed: input.passed, version: input.a.version }),
    onSuccess: onChanged,
    onError: (e) => showError(e),
  });
  return (
    <>
      <Table<CapaView>
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="capa-table"
        locale={{ emptyText: t('capa.none') }}
        dataSource={view.actions}
        columns={[
          { title: t('capa.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`capaKind.${k}`) },
          { title: t('capa.description'), dataIndex: 'description' },
          { title: t('capa.owner'), key: 'owner', width: 110, render: (_, a) => a.owner.name },
          { title: t('capa.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('capa.state'),
            key: 'state',
            width: 130,
            render: (_, a) => (
              <Space size={4}>
                <Tag color={a.state === 'verified' ? 'green' : a.state === 'done' ? 'blue' : a.state === 'cancelled' ? 'default' : 'orange'}>
                  {t(`capaState.${a.state}`)}
                </Tag>
                {a.overdue ? <Tag color="red">{t('capa.overdue')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: '',
            key: 'do',
            width: 160,
            render: (_, a) => (
              <Space size={4}>
                {a.state === 'open' && can('complaint.write') ? (
                  <Button size="small" onClick={() => setCompleting(a)} data-testid={`capa-complete-${a.id}`}>
                    {t('capa.complete')}
                  </Button>
                ) : null}
                {a.state === 'done' && can('complaint.verifyAction') ? (
                  <>
                    <Button size="small" type="primary" onClick={() => verify.mutate({ a, passed: true })} data-testid={`capa-verify-${a.id}`}>
                      {t('capa.passed')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => modal.confirm({ title: t('capa.failedConfirm'), onOk: () => verify.mutateAsync({ a, passed: false }) })}
                    >
                      {t('capa.failed')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <CommandModal
        title={t('capa.complete')}
        open={!!completing}
        onClose={() => setCompleting(null)}
        onSubmit={async (values) => {
          await api.post(`/complaints/capa/${completing!.id}`, { action: 'complete', evidence: values.evidence, version: completing!.version });
          onChanged();
        }}
      >
        <Form.Item name="evidence" label={t('capa.evidence')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="capa-evidence" />
        </Form.Item>
      </CommandModal>
    </>
  );
}

function AddCapaFields() {
  const { t } = useTranslation('complaints');
  const required = [{ required: true, message: t('common:field.required') }];
  return (
    <>
      <Form.Item name="kind" label={t('capa.kind')} rules={required}>
        <Radio.Group options={CAPA_KINDS.map((k) => ({ value: k, label: t(`capaKind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="description" label={t('capa.description')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="capa-description" />
      </Form.Item>
      <Form.Item name="ownerId" label={t('capa.owner')} rules={required}>
        <UserPicker testId="capa-owner" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('capa.department')}>
        <DepartmentPicker testId="capa-department" />
      </Form.Item>
      <Form.Item name="dueOn" label={t('capa.dueOn')} rules={required}>
        <DatePicker data-testid="capa-due" />
      </Form.Item>
    </>
  );
}

function CategoryFields({ categories }: { categories: { id: string; parentId: string | null; nameZh: string; archived: boolean }[] }) {
  const { t } = useTranslation('complaints');
  const tc = useTranslation('cases').t;
  const form = Form.useFormInstance();
  const categoryId = Form.useWatch('categoryId', form);
  const active = categories.filter((c) => !c.archived);
  return (
    <>
      <Form.Item name="categoryId" label={t('new.category')} rules={[{ required: true, message: t('common:field.required') }]}>
        <Select
          onChange={() => form.setFieldValue('subcategoryId', undefined)}
          options={active.filter((c) => c.parentId === null).map((c) => ({ value: c.id, label: c.nameZh }))}
        />
      </Form.Item>
      <Form.Item name="subcategoryId" label={t('new.subcategory')}>
        <Select allowClear options={active.filter((c) => c.parentId === categoryId).map((c) => ({ value: c.id, label: c.nameZh }))} />
      </Form.Item>
      <Form.Item name="batchNumber" label={t('new.batchNumber')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="writtenReplyOnly" valuePropName="checked">
        <Checkbox>{t('new.writtenReplyOnly')}</Checkbox>
      </Form.Item>
      <Form.Item name="severity" label={tc('field.severity')} extra={t('new.severityHint')}>
        <Radio.Group
          optionType="button"
          options={(['general', 'important', 'major'] as const).map((s) => ({ value: s, label: tc(`severity.${s}`) }))}
          data-testid="complaint-severity"
        />
      </Form.Item>
    </>
  );
}

// ---------------------------------------------------------------- the panel
export function ComplaintPanel({ detail, onChanged }: CasePanelProps) {
  const { t } = useTranslation('complaints');
  const tc = useTranslation('cases').t;
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const q = useComplaint(detail.id, detail.version);
  const [dialog, setDialog] = useState<null | 'category' | 'investigation' | 'capa' | 'resolution' | 'extension' | 'decide' | 'countersign' | 'taskForce'>(null);
  const categories = useComplaintCategories();
  const [link, setLink] = useState<ConfirmationLink | null>(null);
  const showError = useShowApiError('complaints');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: complaintKeys.detail(detail.id) });
    onChanged();
  };
  const extensionDecision = useMutation({
    mutationFn: (approve: boolean) =>
      api.post(`/complaints/${detail.id}/extension/decision`, { approve, version: q.data!.complaint.version }),
    onSuccess: refresh,
    onError: (e) => showError(e),
  });
  const newLink = useMutation({
    mutationFn: () => api.post<ConfirmationLink>(`/complaints/${detail.id}/confirmation-link`),
    onSuccess: (l) => {
      setLink(l);
      refresh();
    },
    onError: (e) => showError(e),
  });
  if (q.error) return <ApiErrorAlert error={q.error} ns="complaints" />;
  if (!q.data) return <Skeleton active />;
  const v = q.data;
  const x = v.complaint;
  const state = v.case.state;
  const open = !v.case.closedAt;
  const canWrite = can('complaint.write') && open;
  const post = (path: string) => async (body: unknown) => {
    await api.put(path, body);
    refresh();
  };
  const stepDue = v.step.dueAt;

  return (
    <Flex vertical gap={12} data-testid="complaint-panel">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('panel.step')}>
          <span data-testid="complaint-step">{tc(`state.${state}`, { defaultValue: state })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.actor')}>
          <span data-testid="complaint-actor">{v.step.actor || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.due')}>
          {stepDue ? `${metricLabel(tc, v.step.metric ?? '')} ${formatDateTime(stepDue)}` : t('panel.noDeadline')}
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.category')}>
          <Space size={4}>
            <span data-testid="complaint-category-text">{[x.category?.nameZh, x.subcategory?.nameZh].filter(Boolean).join(' / ') || '—'}</span>
            {canWrite ? (
              <Button size="small" type="link" onClick={() => setDialog('category')} data-testid="edit-category">
                {t('panel.editCategory')}
              </Button>
            ) : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.rounds')}>
          {t('panel.roundsText', { rounds: x.rounds, unsatisfied: x.unsatisfiedCount })}
        </Descriptions.Item>
        <Descriptions.Item label={t('panel.flags')}>
          <Space size={4} wrap>
            {x.anonymous ? <Tag>{t('panel.anonymous')}</Tag> : null}
            {x.writtenReplyOnly ? <Tag>{t('panel.writtenReplyOnly')}</Tag> : null}
            {v.case.escalated ? <Tag color="red">{t('panel.escalated')}</Tag> : null}
            {x.batchNumber ? <Tag>{t('panel.batch', { batch: x.batchNumber })}</Tag> : null}
          </Space>
        </Descriptions.Item>
      </Descriptions>

      {v.case.severity === 'major' ? (
        <Alert
          type="error"
          showIcon
          message={t('major.title')}
          description={
            <Flex vertical gap={4}>
              <span>{x.managementNotifiedAt ? t('major.notified', { at: formatDateTime(x.managementNotifiedAt) }) : null}</span>
              <span>
                {x.taskForce
                  ? t('major.taskForce', { leader: x.taskForce.leader.name, members: x.taskForce.members.map((m) => m.name).join('、') || '—' })
                  : t('major.noTaskForce')}
              </span>
              {canWrite ? (
                <Button size="small" onClick={() => setDialog('taskForce')} style={{ alignSelf: 'flex-start' }}>
                  {t('major.setTaskForce')}
                </Button>
              ) : null}
            </Flex>
          }
        />
      ) : null}
      {v.sameProductOrBatch.length ? (
        <Typography.Text type="secondary">
          {t('panel.sameProduct')}：
          {v.sameProductOrBatch.map((s) => (
            <a key={s.id} href={`/cases/${s.id}`} style={{ marginRight: 8 }}>
              {s.number}
            </a>
          ))}
        </Typography.Text>
      ) : null}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('verification.title')}
      </Divider>
      {x.verificationResult ? (
        <Typography.Paragraph style={{ margin: 0 }} data-testid="complaint-verification">
          <Tag color={x.verificationResult === 'valid' ? 'orange' : 'default'}>{t(`verification.${x.verificationResult}`)}</Tag>
          {x.verificationFacts}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">{t('verification.pending')}</Typography.Text>
      )}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('investigation.title')}
      </Divider>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('investigation.rootCause')}>
          <span data-testid="complaint-root-cause">{x.rootCause ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('investigation.responsibility')}>{x.responsibility ? t(`responsibility.${x.responsibility}`) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('investigation.departments')}>{x.departments.map((d) => d.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('investigation.evidence')}>
          {x.evidence.length ? x.evidence.map((e, i) => <div key={i}>{`${t(`evidenceKind.${e.kind}`)}：${e.description}`}</div>) : '—'}
        </Descriptions.Item>
        {x.meeting ? (
          <Descriptions.Item label={t('investigation.meeting')}>{`${x.meeting.heldOn} ${x.meeting.attendees}：${x.meeting.conclusion}`}</Descriptions.Item>
        ) : null}
        {x.gmDecision ? <Descriptions.Item label={t('investigation.gmDecision')}>{`${x.gmDecision}（${x.gmDecidedBy?.name ?? ''}）`}</Descriptions.Item> : null}
      </Descriptions>
      {canWrite && (state === 'investigating' || state === 'planning') ? (
        <Space wrap>
          <Button onClick={() => setDialog('investigation')} data-testid="edit-investigation">
            {t('investigation.edit')}
          </Button>
          {state === 'investigating' && can('complaint.decideCause') ? (
            <Button onClick={() => setDialog('decide')}>{t('investigation.decide')}</Button>
          ) : null}
          {state === 'investigating' && x.departments.length > 1 && can('complaint.signPlan') ? (
            <Button onClick={() => setDialog('countersign')}>{t('investigation.countersign')}</Button>
          ) : null}
        </Space>
      ) : null}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('capa.title')}
      </Divider>
      <CapaTable view={v} onChanged={refresh} />
      {canWrite && !['new', 'verifying'].includes(state) ? (
        <Button icon={<PlusOutlined />} onClick={() => setDialog('capa')} style={{ alignSelf: 'flex-start' }} data-testid="add-capa">
          {t('capa.add')}
        </Button>
      ) : null}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('resolution.title')}
      </Divider>
      <Typography.Paragraph style={{ margin: 0 }} data-testid="complaint-resolution">
        {x.resolutionOutcomes.length ? (
          <>
            {x.resolutionOutcomes.map((o) => (
              <Tag key={o}>{t(`outcome.${o}`)}</Tag>
            ))}
            {x.compensationFen !== null && <Tag color="gold">{t('resolution.compensationValue', { amount: formatMoneyFen(x.compensationFen) })}</Tag>}
            {x.resolutionNote}
          </>
        ) : (
          <Typography.Text type="secondary">{t('resolution.none')}</Typography.Text>
        )}
      </Typography.Paragraph>
      <Space wrap>
        {canWrite && ['planning', 'plan_review', 'handling'].includes(state) ? (
          <Button onClick={() => setDialog('resolution')} data-testid="edit-resolution">
            {t('resolution.edit')}
          </Button>
        ) : null}
        {canWrite && ['investigating', 'planning', 'plan_review', 'handling'].includes(state) && (!x.extension || x.extension.state === 'rejected') ? (
          <Button onClick={() => setDialog('extension')}>{t('extension.request')}</Button>
        ) : null}
      </Space>
      {x.extension ? (
        <Alert
          type={x.extension.state === 'approved' ? 'success' : x.extension.state === 'rejected' ? 'warning' : 'info'}
          showIcon
          message={t(`extension.state.${x.extension.state}`, { reason: x.extension.reason ?? '' })}
          action={
            x.extension.state === 'requested' && can('complaint.approveExtension') ? (
              <Space>
                <Button size="small" type="primary" loading={extensionDecision.isPending} onClick={() => extensionDecision.mutate(true)}>
                  {t('extension.approve')}
                </Button>
                <Button size="small" danger onClick={() => extensionDecision.mutate(false)}>
                  {t('extension.reject')}
                </Button>
              </Space>
            ) : undefined
          }
        />
      ) : null}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('signatures.title')}
      </Divider>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="complaint-signatures"
        locale={{ emptyText: t('signatures.none') }}
        dataSource={v.signatures}
        columns={[
          { title: t('signatures.step'), dataIndex: 'step', render: (s: string) => t(`step.${s}`) },
          {
            title: t('signatures.decision'),
            key: 'decision',
            render: (_, s) => (
              <Space size={4}>
                <Tag color={s.decision === 'approved' ? 'green' : 'red'}>{t(`decision.${s.decision}`)}</Tag>
                {s.superseded ? <Tag>{t('signatures.superseded')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('signatures.signer'), key: 'signer', render: (_, s) => `${s.signer.name}${s.department ? `（${s.department.name}）` : ''}` },
          { title: t('signatures.at'), dataIndex: 'signedAt', render: (at: string) => formatDateTime(at) },
          { title: t('signatures.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
        ]}
      />

      {open && v.closureBlockers.length && ['confirmed', 'closure_review'].includes(state) ? (
        <Alert
          type="warning"
          showIcon
          message={t('closure.blockers')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="closure-blockers">
              {v.closureBlockers.map((b) => (
                <li key={b.code}>{t(`closure.${b.code}`, { defaultValue: b.message })}</li>
              ))}
            </ul>
          }
        />
      ) : null}

      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('confirmation.title')}
      </Divider>
      <Typography.Text>
        {x.confirmedAt
          ? t('confirmation.confirmed', { at: formatDateTime(x.confirmedAt), via: t(`confirmation.via.${x.confirmedVia}`) })
          : x.resultText
            ? t('confirmation.waiting')
            : t('confirmation.notSent')}
      </Typography.Text>
      {x.resultText ? <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{`${t('confirmation.result')}：${x.resultText}`}</Typography.Paragraph> : null}
      {v.confirmationLinks.length ? (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={v.confirmationLinks}
          columns={[
            { title: t('confirmation.round'), dataIndex: 'round', width: 70 },
            { title: t('confirmation.expiresAt'), dataIndex: 'expiresAt', render: (at: string) => formatDateTime(at) },
            {
              title: t('confirmation.answer'),
              key: 'answer',
              render: (_, l) =>
                l.result ? `${t(`confirmation.answer_${l.result}`)}${l.reason ? `：${l.reason}` : ''}` : l.revoked ? t('confirmation.revoked') : t('confirmation.open'),
            },
          ]}
        />
      ) : null}
      {state === 'awaiting_confirmation' && canWrite && !x.anonymous ? (
        <Button loading={newLink.isPending} onClick={() => newLink.mutate()} style={{ alignSelf: 'flex-start' }} data-testid="new-link">
          {t('confirmation.newLink')}
        </Button>
      ) : null}
      {link ? (
        <Alert
          type="success"
          message={t('confirmation.linkReady', { at: formatDate(link.expiresAt) })}
          description={
            <Typography.Text copyable={{ text: new URL(link.url, window.location.origin).toString(), icon: <CopyOutlined /> }} data-testid="confirmation-url">
              {new URL(link.url, window.location.origin).toString()}
            </Typography.Text>
          }
        />
      ) : null}

      <Space wrap>
        <Button icon={<DownloadOutlined />} href={api.url(`/complaints/${detail.id}/report.pdf`)} target="_blank">
          {t('report.pdf')}
        </Button>
        <Button icon={<DownloadOutlined />} href={api.url(`/complaints/${detail.id}/report.xlsx`)}>
          {t('report.xlsx')}
        </Button>
      </Space>

      {/* ── dialogs ── */}
      <CommandModal
        title={t('panel.editCategory')}
        open={dialog === 'category'}
        onClose={() => setDialog(null)}
        initialValues={{
          categoryId: x.category?.id,
          subcategoryId: x.subcategory?.id,
          writtenReplyOnly: x.writtenReplyOnly,
          batchNumber: x.batchNumber ?? '',
          severity: detail.severity,
        }}
        onSubmit={async (values) => {
          await api.patch(`/complaints/${detail.id}`, {
            categoryId: values.categoryId,
            subcategoryId: values.subcategoryId ?? null,
            writtenReplyOnly: !!values.writtenReplyOnly,
            batchNumber: values.batchNumber?.trim() || null,
            severity: values.severity,
            version: x.version,
          });
          refresh();
        }}
      >
        <CategoryFields categories={categories.data?.items ?? []} />
      </CommandModal>
      <CommandModal
        title={t('investigation.edit')}
        open={dialog === 'investigation'}
        onClose={() => setDialog(null)}
        width={760}
        initialValues={{
          evidence: x.evidence,
          rootCause: x.rootCause ?? '',
          responsibility: x.responsibility ?? undefined,
          departmentIds: x.departments.map((d) => d.id),
          hasMeeting: !!x.meeting,
          meeting: x.meeting ? { ...x.meeting, heldOn: dayjs(x.meeting.heldOn) } : undefined,
        }}
        onSubmit={(values) =>
          post(`/complaints/${detail.id}/investigation`)({
            version: x.version,
            evidence: (values.evidence ?? []).map((e: any) => ({ kind: e.kind, description: e.description, caseId: e.caseId ?? null })),
            rootCause: values.rootCause?.trim() || null,
            responsibility: values.responsibility ?? null,
            departmentIds: values.departmentIds ?? [],
            meeting: values.hasMeeting
              ? { heldOn: dayText(values.meeting?.heldOn), attendees: values.meeting?.attendees, conclusion: values.meeting?.conclusion }
              : null,
          })
        }
      >
        <InvestigationForm view={v} />
      </CommandModal>
      <CommandModal
        title={t('capa.add')}
        open={dialog === 'capa'}
        onClose={() => setDialog(null)}
        initialValues={{ kind: 'corrective' }}
        onSubmit={async (values) => {
          await api.post(`/complaints/${detail.id}/capa`, {
            kind: values.kind,
            description: values.description,
            ownerId: values.ownerId,
            departmentId: values.departmentId ?? null,
            dueOn: dayText(values.dueOn),
          });
          void message.success(t('saved'));
          refresh();
        }}
      >
        <AddCapaFields />
      </CommandModal>
      <CommandModal
        title={t('resolution.edit')}
        open={dialog === 'resolution'}
        onClose={() => setDialog(null)}
        initialValues={{
          outcomes: x.resolutionOutcomes,
          note: x.resolutionNote ?? '',
          compensationYuan: x.compensationFen === null ? undefined : fenToYuan(x.compensationFen),
        }}
        onSubmit={(values) =>
          post(`/complaints/${detail.id}/resolution`)({
            outcomes: values.outcomes,
            note: values.note,
            compensationFen: values.outcomes?.includes('compensation') && values.compensationYuan ? yuanToFen(values.compensationYuan) : null,
            version: x.version,
          })
        }
      >
        <Form.Item
          name="outcomes"
          label={t('resolution.outcomes')}
          extra={t('resolution.followOnHint')}
          rules={[{ required: true, message: t('common:field.required') }]}
        >
          <Checkbox.Group
            options={(x.resolutionKind ? OUTCOMES_OF_KIND[x.resolutionKind]! : Object.values(OUTCOMES_OF_KIND).flat().filter((o, i, all) => all.indexOf(o) === i)).map(
              (o) => ({ value: o, label: t(`outcome.${o}`) }),
            )}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.outcomes !== b.outcomes}>
          {({ getFieldValue }) =>
            (getFieldValue('outcomes') ?? []).includes('compensation') ? (
              <Form.Item name="compensationYuan" label={t('resolution.compensation')} rules={[{ required: true, message: t('common:field.required') }]}>
                <InputNumber min={0.01} max={1_000_000_000} precision={2} prefix="¥" style={{ width: 200 }} data-testid="compensation-yuan" />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="note" label={t('resolution.note')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="resolution-note" />
        </Form.Item>
      </CommandModal>
      <CommandModal
        title={t('extension.request')}
        open={dialog === 'extension'}
        onClose={() => setDialog(null)}
        onSubmit={async (values) => {
          await api.post(`/complaints/${detail.id}/extension`, { reason: values.reason, version: x.version });
          refresh();
        }}
      >
        <Form.Item name="reason" label={t('extension.reason')} extra={t('extension.hint')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </CommandModal>
      <CommandModal
        title={t('investigation.decide')}
        open={dialog === 'decide'}
        onClose={() => setDialog(null)}
        initialValues={{ rootCause: x.rootCause ?? '', departmentIds: x.departments.map((d) => d.id), responsibility: 'company' }}
        onSubmit={async (values) => {
          await api.post(`/complaints/${detail.id}/cause-decision`, { ...values, departmentIds: values.departmentIds ?? [], version: x.version });
          refresh();
        }}
      >
        <Form.Item name="decision" label={t('investigation.gmDecision')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="rootCause" label={t('investigation.rootCause')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="responsibility" label={t('investigation.responsibility')}>
          <Radio.Group options={RESPONSIBILITIES.filter((r) => r !== 'unclear').map((r) => ({ value: r, label: t(`responsibility.${r}`) }))} />
        </Form.Item>
        <Form.Item name="departmentIds" label={t('investigation.departments')}>
          <DepartmentPicker multiple />
        </Form.Item>
      </CommandModal>
      <CommandModal
        title={t('investigation.countersign')}
        open={dialog === 'countersign'}
        onClose={() => setDialog(null)}
        initialValues={{ decision: 'approved' }}
        onSubmit={async (values) => {
          await api.post(`/complaints/${detail.id}/countersignatures`, values);
          refresh();
        }}
      >
        <Form.Item name="departmentId" label={t('capa.department')} rules={[{ required: true, message: t('common:field.required') }]}>
          <Select options={x.departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="decision" label={t('signatures.decision')}>
          <Radio.Group options={(['approved', 'rejected'] as const).map((d) => ({ value: d, label: t(`decision.${d}`) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t('signatures.comment')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </CommandModal>
      <CommandModal
        title={t('major.setTaskForce')}
        open={dialog === 'taskForce'}
        onClose={() => setDialog(null)}
        onSubmit={(values) => post(`/complaints/${detail.id}/task-force`)({ leaderId: values.leaderId, memberIds: values.memberIds ?? [], version: x.version })}
      >
        <Form.Item name="leaderId" label={t('major.leader')} rules={[{ required: true, message: t('common:field.required') }]}>
          <UserPicker />
        </Form.Item>
        <Form.List name="memberIds">
          {(fields, { add, remove }) => (
            <Form.Item label={t('major.members')}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8}>
                  <Form.Item name={field.name} style={{ flex: 1 }}>
                    <UserPicker />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(field.name)}>
                    {t('common:button.delete')}
                  </Button>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()}>
                {t('major.addMember')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </CommandModal>
    </Flex>
  );
}

registerCasePanel({ key: 'complaint', workflows: ['complaint'], placement: 'main', titleKey: 'complaints:panel.title', Component: ComplaintPanel });
