import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import {
  type CaseSettings,
  type CaseType,
  caseKeys,
  type PutCaseTypeRequest,
  type UpdateCaseSettingsRequest,
  useCaseTypes,
  useUserOptions,
} from './api';
import { useDebounced } from './useDebounced';

const WORKFLOWS = ['simple', 'repair', 'warranty', 'complaint'] as const;

type TypeForm = PutCaseTypeRequest & { code: string };

function workflowLabel(t: TFunction, name: string): string {
  return t(`caseTypes.workflowNames.${name}`, { defaultValue: '' }) || t('stateUnknown');
}

/** Create or change a case type: PUT /case-types/:code (with the version when changing). */
function CaseTypeDialog({ editing, onClose }: { editing: CaseType | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<TypeForm>();
  const existing = editing && editing !== 'new' ? editing : null;
  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (existing) form.setFieldsValue({ ...existing });
    else
      form.setFieldsValue({
        workflow: 'simple',
        enabled: true,
        allowAnonymous: false,
        sortOrder: 100,
      });
  }, [editing, existing, form]);
  const save = useMutation({
    mutationFn: ({ code, ...values }: TypeForm) =>
      api.put<CaseType>(`/case-types/${code}`, {
        nameZh: values.nameZh,
        nameEn: values.nameEn,
        numberPrefix: values.numberPrefix,
        allowAnonymous: values.allowAnonymous,
        enabled: values.enabled,
        sortOrder: values.sortOrder,
        ...(existing ? { version: existing.version } : { workflow: values.workflow }),
      }),
    onSuccess: () => {
      void message.success(t('caseTypes.saved'));
      void queryClient.invalidateQueries({ queryKey: caseKeys.types });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => void queryClient.invalidateQueries({ queryKey: caseKeys.types }),
      }),
  });
  return (
    <Modal
      open={!!editing}
      title={existing ? t('caseTypes.edit') : t('caseTypes.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="code"
          label={t('caseTypes.code')}
          extra={existing ? undefined : t('caseTypes.codeHint')}
          rules={[
            {
              required: true,
              pattern: /^[a-z][a-z0-9_]{1,39}$/,
              message: t('caseTypes.codeHint'),
            },
          ]}
        >
          <Input disabled={!!existing} maxLength={40} />
        </Form.Item>
        <Form.Item name="nameZh" label={t('caseTypes.nameZh')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('caseTypes.nameEn')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="numberPrefix"
          label={t('caseTypes.prefix')}
          extra={t('caseTypes.prefixHint')}
          rules={[
            {
              required: true,
              pattern: /^[A-Z]{2,4}$/,
              message: t('caseTypes.prefixHint'),
            },
          ]}
        >
          <Input maxLength={4} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="workflow" label={t('caseTypes.workflow')}>
          <Select
            disabled={!!existing}
            options={WORKFLOWS.map((w) => ({
              value: w,
              label: workflowLabel(t, w),
            }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('caseTypes.sortOrder')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
        <Form.Item name="allowAnonymous" label={t('caseTypes.allowAnonymous')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="enabled" label={t('caseTypes.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 受理设置: the intake pool owner for system-opened cases and the duplicate detection window. */
function CaseSettingsCard() {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<UpdateCaseSettingsRequest>();
  const settings = useQuery({
    queryKey: caseKeys.settings,
    queryFn: () => api.get<CaseSettings>('/case-settings'),
  });
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const users = useUserOptions(q);
  const [ownerLabel, setOwnerLabel] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (values: UpdateCaseSettingsRequest) =>
      api.put<CaseSettings>('/case-settings', {
        ...values,
        version: settings.data?.version ?? 1,
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(caseKeys.settings, next);
      void message.success(t('caseTypes.saved'));
    },
    onError: (error) => showError(error, { form, onReload: () => void settings.refetch() }),
  });
  const options = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName}（${u.username}）`,
  }));
  const current = settings.data?.defaultIntakeOwnerId;
  if (current && !options.some((o) => o.value === current)) options.unshift({ value: current, label: ownerLabel ?? '…' });
  return (
    <Card size="small" title={t('caseTypes.settings')} style={{ marginTop: 16 }}>
      <ApiErrorAlert error={settings.error} ns="cases" onReload={() => void settings.refetch()} retry />
      <Form form={form} layout="inline" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="defaultIntakeOwnerId" label={t('caseTypes.intakeOwner')}>
          <Select
            allowClear
            style={{ width: 220 }}
            showSearch={{ filterOption: false, onSearch: setText }}
            options={options}
            onChange={(_v, option) => {
              if (option && !Array.isArray(option)) setOwnerLabel(String(option.label));
            }}
          />
        </Form.Item>
        <Form.Item name="duplicateWindowDays" label={t('caseTypes.duplicateWindowDays')}>
          <InputNumber min={1} max={365} />
        </Form.Item>
        <Form.Item name="similarityThreshold" label={t('caseTypes.similarityThreshold')}>
          <InputNumber min={0.05} max={1} step={0.05} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** 工单类型 admin (settings.write): the seven built-in types and the company's own, with number prefixes. */
export function CaseTypesPage() {
  const { t } = useTranslation('cases');
  const can = useCan();
  const types = useCaseTypes();
  const [editing, setEditing] = useState<CaseType | 'new' | null>(null);
  const writable = can('settings.write');
  const columns: TableColumnsType<CaseType> = [
    { title: t('caseTypes.code'), dataIndex: 'code', width: 160 },
    { title: t('caseTypes.nameZh'), dataIndex: 'nameZh' },
    { title: t('caseTypes.nameEn'), dataIndex: 'nameEn' },
    {
      title: t('caseTypes.prefix'),
      dataIndex: 'numberPrefix',
      width: 100,
      render: (p: string) => <Tag>{p}</Tag>,
    },
    {
      title: t('caseTypes.workflow'),
      dataIndex: 'workflow',
      width: 120,
      render: (w: string) => workflowLabel(t, w),
    },
    {
      title: t('caseTypes.allowAnonymous'),
      dataIndex: 'allowAnonymous',
      width: 100,
      render: (v: boolean) => (v ? t('common:state.yes') : t('common:state.no')),
    },
    {
      title: t('caseTypes.enabled'),
      dataIndex: 'enabled',
      width: 90,
      render: (v: boolean, r) => (
        <>
          <Tag color={v ? 'success' : 'default'}>{v ? t('common:state.active') : t('common:state.disabled')}</Tag>
          {r.builtin && <Tag>{t('caseTypes.builtin')}</Tag>}
        </>
      ),
    },
    {
      title: t('caseTypes.sortOrder'),
      dataIndex: 'sortOrder',
      width: 80,
      align: 'right',
    },
    ...(writable
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r: CaseType) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
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
        title={t('caseTypes.title')}
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('caseTypes.add')}
            </Button>
          )
        }
      />
      <Card>
        <ApiErrorAlert error={types.error} ns="cases" onReload={() => void types.refetch()} retry />
        <Table<CaseType>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={types.data?.items ?? []}
          loading={types.isLoading}
          pagination={false}
          scroll={{ x: 900 }}
        />
      </Card>
      {writable && <CaseSettingsCard />}
      <CaseTypeDialog editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}
