import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, AutoComplete, Button, Card, Flex, Form, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import {
  type CreateSlaPolicyRequest,
  caseKeys,
  DEADLINE_UNITS,
  METRICS,
  SEVERITIES,
  type SlaPolicy,
  type SlaPolicyList,
  URGENCIES,
  useCaseTypeLabel,
  useCaseTypes,
} from './api';
import { formatPolicyAmount } from './deadlines';
import { metricLabel } from './labels';

const ANY = '';
type PolicyForm = Omit<CreateSlaPolicyRequest, 'severity' | 'urgency'> & {
  severity: string;
  urgency: string;
};

/** New policy (POST /sla-policies) or a change of one (PATCH /sla-policies/:id with its version). */
function PolicyDialog({ editing, onClose }: { editing: SlaPolicy | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('cases');
  const types = useCaseTypes();
  const typeLabel = useCaseTypeLabel();
  const [form] = Form.useForm<PolicyForm>();
  const existing = editing && editing !== 'new' ? editing : null;
  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (existing)
      form.setFieldsValue({
        ...existing,
        severity: existing.severity ?? ANY,
        urgency: existing.urgency ?? ANY,
      });
    else
      form.setFieldsValue({
        caseType: 'repair',
        severity: ANY,
        urgency: ANY,
        unit: 'business_hours',
        warnBeforeMinutes: 60,
        escalateAfterMinutes: 240,
        startsAtOpen: true,
        enabled: true,
      });
  }, [editing, existing, form]);
  const save = useMutation({
    mutationFn: (values: PolicyForm) => {
      const common = {
        severity: values.severity === ANY ? null : (values.severity as SlaPolicy['severity']),
        urgency: values.urgency === ANY ? null : (values.urgency as SlaPolicy['urgency']),
        amount: values.amount,
        unit: values.unit,
        warnBeforeMinutes: values.warnBeforeMinutes,
        escalateAfterMinutes: values.escalateAfterMinutes,
        startsAtOpen: values.startsAtOpen,
        enabled: values.enabled,
      };
      return existing
        ? api.patch<SlaPolicy>(`/sla-policies/${existing.id}`, {
            ...common,
            version: existing.version,
          })
        : api.post<SlaPolicy>('/sla-policies', {
            ...common,
            caseType: values.caseType,
            metric: values.metric,
          });
    },
    onSuccess: () => {
      void message.success(t('sla.saved'));
      void queryClient.invalidateQueries({ queryKey: ['sla-policies'] });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => void queryClient.invalidateQueries({ queryKey: ['sla-policies'] }),
      }),
  });
  const unit = Form.useWatch('unit', form);
  return (
    <Modal
      open={!!editing}
      title={existing ? t('sla.edit') : t('sla.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Flex gap={12}>
          <Form.Item name="caseType" label={t('sla.caseType')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select
              disabled={!!existing}
              options={(types.data?.items ?? []).map((ty) => ({
                value: ty.code,
                label: typeLabel(ty.code),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="metric"
            label={t('sla.metric')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}
            style={{ flex: 1 }}
          >
            <AutoComplete
              disabled={!!existing}
              options={METRICS.map((m) => ({
                value: m,
                label: metricLabel(t, m),
              }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="severity" label={t('sla.severity')} style={{ flex: 1 }}>
            <Select
              options={[
                { value: ANY, label: t('sla.any') },
                ...SEVERITIES.map((s) => ({
                  value: s,
                  label: t(`severity.${s}`),
                })),
              ]}
            />
          </Form.Item>
          <Form.Item name="urgency" label={t('sla.urgency')} style={{ flex: 1 }}>
            <Select
              options={[
                { value: ANY, label: t('sla.any') },
                ...URGENCIES.map((u) => ({
                  value: u,
                  label: t(`urgency.${u}`),
                })),
              ]}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item
            name="amount"
            label={t('sla.amount')}
            rules={[
              { required: true },
              {
                validator: (_r, v) =>
                  unit === 'working_days' && v !== undefined && v !== null && !Number.isInteger(v)
                    ? Promise.reject(new Error(t('sla.wholeDays')))
                    : Promise.resolve(),
              },
            ]}
            style={{ flex: 1 }}
          >
            <InputNumber min={0.1} max={10000} step={unit === 'working_days' ? 1 : 0.5} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="unit" label={t('sla.unit')} style={{ flex: 1 }}>
            <Select
              options={DEADLINE_UNITS.map((u) => ({
                value: u,
                label: t(`deadlineUnit.${u}`),
              }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="warnBeforeMinutes" label={t('sla.warnBefore')} style={{ flex: 1 }}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="escalateAfterMinutes" label={t('sla.escalateAfter')} style={{ flex: 1 }}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={24}>
          <Form.Item name="startsAtOpen" label={t('sla.startsAtOpen')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="enabled" label={t('sla.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** 服务时限策略 (sla.manage to change; every desk user may read): per case type × severity × urgency × metric. */
export function SlaPoliciesPage() {
  const { t } = useTranslation('cases');
  const can = useCan();
  const types = useCaseTypes();
  const typeLabel = useCaseTypeLabel();
  const [caseType, setCaseType] = useState('');
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const filters = caseType ? { caseType } : {};
  const policies = useQuery({
    queryKey: caseKeys.policies(filters),
    queryFn: () => api.get<SlaPolicyList>('/sla-policies', filters),
  });
  const writable = can('sla.manage');
  const columns: TableColumnsType<SlaPolicy> = [
    {
      title: t('sla.caseType'),
      dataIndex: 'caseType',
      width: 130,
      render: (c: string) => typeLabel(c),
    },
    {
      title: t('sla.metric'),
      dataIndex: 'metric',
      width: 120,
      render: (m: string) => metricLabel(t, m),
    },
    {
      title: t('sla.severity'),
      dataIndex: 'severity',
      width: 100,
      render: (s: SlaPolicy['severity']) => (s ? t(`severity.${s}`) : t('sla.any')),
    },
    {
      title: t('sla.urgency'),
      dataIndex: 'urgency',
      width: 100,
      render: (u: SlaPolicy['urgency']) => (u ? t(`urgency.${u}`) : t('sla.any')),
    },
    {
      title: t('sla.amount'),
      key: 'amount',
      width: 140,
      render: (_: unknown, p) => formatPolicyAmount(p.amount, p.unit, t),
    },
    {
      title: t('sla.warnBefore'),
      dataIndex: 'warnBeforeMinutes',
      width: 110,
      align: 'right',
    },
    {
      title: t('sla.escalateAfter'),
      dataIndex: 'escalateAfterMinutes',
      width: 120,
      align: 'right',
    },
    {
      title: t('sla.startsAtOpen'),
      dataIndex: 'startsAtOpen',
      width: 100,
      render: (v: boolean) => (v ? t('common:state.yes') : t('common:state.no')),
    },
    {
      title: t('sla.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (v: boolean) => (
        <Tag color={v ? 'success' : 'default'}>{v ? t('common:state.active') : t('common:state.disabled')}</Tag>
      ),
    },
    ...(writable
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, p: SlaPolicy) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
                {t('common:button.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('sla.title')}
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('sla.add')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={8} style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 180 }}
            value={caseType}
            onChange={setCaseType}
            aria-label={t('sla.caseType')}
            options={[
              { value: '', label: t('queue.anyType') },
              ...(types.data?.items ?? []).map((ty) => ({
                value: ty.code,
                label: typeLabel(ty.code),
              })),
            ]}
          />
        </Flex>
        <ApiErrorAlert error={policies.error} ns="cases" onReload={() => void policies.refetch()} retry />
        <Table<SlaPolicy>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={policies.data?.items ?? []}
          loading={policies.isLoading}
          pagination={false}
          scroll={{ x: 1000 }}
        />
      </Card>
      {writable && <PolicyDialog editing={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
