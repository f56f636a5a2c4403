import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { type ComplaintCategory, type ComplaintSettings, complaintKeys, useComplaintCategories } from './api';

const KINDS = ['quality', 'delivery', 'service', 'price', 'infringement'] as const;

/**
 * 投诉设置 (administrator): the numbers in brackets of R-CMP (follow-up and survey delays, how long a
 * confirmation link works, the meeting matrix thresholds, the link's base address) and the
 * categories / sub-categories of R-CMP-1 (added, renamed, archived — never deleted).
 */
export function ComplaintSettingsPage() {
  const { t } = useTranslation('complaints');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('complaints');
  const [form] = Form.useForm<ComplaintSettings>();
  const [adding, setAdding] = useState(false);
  const [categoryForm] = Form.useForm<Record<string, any>>();
  const settings = useQuery({ queryKey: complaintKeys.settings, queryFn: () => api.get<ComplaintSettings>('/complaints/settings') });
  const categories = useComplaintCategories();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (values: ComplaintSettings) => {
      const { updatedAt: _u, ...body } = { ...settings.data!, ...values };
      return api.put<ComplaintSettings>('/complaints/settings', { ...body, version: settings.data!.version });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(complaintKeys.settings, saved);
      void message.success(t('saved'));
    },
    onError: (e) => showError(e, { form }),
  });
  const refreshCategories = () => queryClient.invalidateQueries({ queryKey: complaintKeys.categories });
  const archive = useMutation({
    mutationFn: (c: ComplaintCategory) => api.patch(`/complaints/categories/${c.id}`, { archived: !c.archived, version: c.version }),
    onSuccess: refreshCategories,
    onError: (e) => showError(e),
  });
  const create = useMutation({
    mutationFn: (values: Record<string, any>) =>
      api.post('/complaints/categories', {
        code: values.code,
        nameZh: values.nameZh,
        nameEn: values.nameEn,
        parentId: values.parentId ?? null,
        resolutionKind: values.parentId ? null : values.resolutionKind,
      }),
    onSuccess: () => {
      setAdding(false);
      void refreshCategories();
    },
    onError: (e) => showError(e, { form: categoryForm }),
  });
  const items = categories.data?.items ?? [];
  const top = items.filter((c) => c.parentId === null);
  const rows = top.map((c) => {
    const children = items.filter((s) => s.parentId === c.id);
    return children.length ? { ...c, children } : c;
  });
  return (
    <>
      <PageHeader title={t('settings.title')} subTitle={t('settings.hint')} />
      {settings.error ? <ApiErrorAlert error={settings.error} /> : null}
      <Card title={t('settings.numbers')} style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={(values) => save.mutate(values)} style={{ rowGap: 12 }}>
          <Form.Item name="followUpDelayDays" label={t('settings.followUpDelayDays')}>
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="surveyDelayMonths" label={t('settings.surveyDelayMonths')}>
            <InputNumber min={1} max={24} />
          </Form.Item>
          <Form.Item name="confirmationLinkDays" label={t('settings.confirmationLinkDays')}>
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="highFrequencyAt" label={t('settings.highFrequencyAt')}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
          <Form.Item name="mediumFrequencyAt" label={t('settings.mediumFrequencyAt')}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
          <Form.Item name="publicBaseUrl" label={t('settings.publicBaseUrl')}>
            <Input style={{ width: 320 }} placeholder="https://service.example.com" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form>
      </Card>
      <Card
        title={t('settings.categories')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('settings.addCategory')}
          </Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={categories.isLoading}
          dataSource={rows}
          expandable={{ defaultExpandAllRows: true }}
          columns={[
            { title: t('settings.code'), dataIndex: 'code', width: 220 },
            { title: t('settings.nameZh'), dataIndex: 'nameZh' },
            { title: t('settings.nameEn'), dataIndex: 'nameEn' },
            { title: t('settings.kind'), dataIndex: 'resolutionKind', width: 120, render: (k: string | null) => (k ? t(`kind.${k}`) : '') },
            {
              title: t('settings.active'),
              key: 'archived',
              width: 110,
              render: (_, c) => (
                <Space>
                  <Switch size="small" checked={!c.archived} onChange={() => archive.mutate(c)} aria-label={c.nameZh} />
                  {c.archived ? <Tag>{t('settings.archived')}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal title={t('settings.addCategory')} open={adding} onCancel={() => setAdding(false)} onOk={() => categoryForm.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={categoryForm} layout="vertical" preserve={false} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="parentId" label={t('settings.parent')}>
            <Select allowClear options={top.map((c) => ({ value: c.id, label: c.nameZh }))} />
          </Form.Item>
          <Form.Item name="code" label={t('settings.code')} rules={[{ required: true, message: t('common:field.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('settings.nameZh')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('settings.nameEn')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="resolutionKind" label={t('settings.kind')} extra={t('settings.kindHint')}>
            <Select allowClear options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
