import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Drawer, Flex, Form, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import {
  type NotificationTemplate,
  type NotificationTemplateList,
  notificationKeys,
  type TemplatePreview,
  type UpdateTemplateRequest,
} from './api';

interface TemplateValues {
  subject?: string;
  body: string;
  enabled: boolean;
}

function TemplateDrawer({ template, onClose }: { template: NotificationTemplate; onClose: () => void }) {
  const { t, i18n } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TemplateValues>();
  const bodyRef = useRef<TextAreaRef>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const isEmail = template.channel === 'email';
  const hasSubject = template.subject !== null || isEmail;

  const done = (saved: NotificationTemplate, text: string) => {
    void message.success(text);
    queryClient.setQueryData<NotificationTemplateList>(notificationKeys.templates, (old) =>
      old ? { items: old.items.map((i) => (i.id === saved.id ? saved : i)) } : old,
    );
    onClose();
  };
  const save = useMutation({
    mutationFn: (values: TemplateValues) => {
      const body: UpdateTemplateRequest = {
        version: template.version,
        body: values.body,
        enabled: values.enabled,
        ...(hasSubject ? { subject: values.subject?.trim() || null } : {}),
      };
      return api.put<NotificationTemplate>(`/notification-templates/${template.id}`, body);
    },
    onSuccess: (saved) => done(saved, t('templates.saved')),
    onError: (error) => showError(error, { form, onReload: onClose }),
  });
  const reset = useMutation({
    mutationFn: () => api.post<NotificationTemplate>(`/notification-templates/${template.id}/reset`, { version: template.version }),
    onSuccess: (saved) => done(saved, t('templates.resetDone')),
    onError: (error) => showError(error, { onReload: onClose }),
  });
  const runPreview = useMutation({
    mutationFn: (values: TemplateValues) =>
      api.post<TemplatePreview>(`/notification-templates/${template.id}/preview`, {
        body: values.body,
        ...(hasSubject ? { subject: values.subject?.trim() || null } : {}),
      }),
    onSuccess: setPreview,
    onError: (error) => showError(error, { form }),
  });

  /** insert {{name}} at the cursor of the body */
  const insert = (name: string) => {
    const el = bodyRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('body') ?? '';
    const at = el ? el.selectionStart : current.length;
    const end = el ? el.selectionEnd : current.length;
    const token = `{{${name}}}`;
    form.setFieldValue('body', current.slice(0, at) + token + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const name = i18n.language === 'en' ? template.nameEn : template.nameZh;
  return (
    <Drawer
      open
      title={`${t('templates.edit')}：${name} · ${t(`channel.${template.channel}`)}`}
      size={640}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          {template.builtin && template.modified && (
            <Popconfirm title={t('templates.resetConfirm')} onConfirm={() => reset.mutate()}>
              <Button loading={reset.isPending}>{t('templates.reset')}</Button>
            </Popconfirm>
          )}
          <Button onClick={() => form.validateFields().then((v) => runPreview.mutate(v))} loading={runPreview.isPending}>
            {t('templates.preview')}
          </Button>
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Space>
      }
    >
      <Form<TemplateValues>
        form={form}
        layout="vertical"
        initialValues={{ subject: template.subject ?? '', body: template.body, enabled: template.enabled }}
        onFinish={(values) => save.mutate(values)}
      >
        {hasSubject && (
          <Form.Item
            name="subject"
            label={t('templates.subject')}
            rules={isEmail ? [{ required: true, whitespace: true, message: t('templates.subjectRequired') }] : []}
          >
            <Input maxLength={300} />
          </Form.Item>
        )}
        <Form.Item name="body" label={t('templates.body')} rules={[{ required: true, whitespace: true, message: t('templates.bodyRequired') }]}>
          <Input.TextArea ref={bodyRef} autoSize={{ minRows: 6, maxRows: 16 }} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item label={t('templates.placeholders')} extra={t('templates.placeholderHelp')}>
          <Flex gap={6} wrap>
            {template.placeholders.map((p) => (
              <Tooltip key={p} title={`{{${p}}}`}>
                <Tag.CheckableTag checked={false} onChange={() => insert(p)} style={{ border: '1px solid #d9d9d9' }}>
                  {t(`placeholder.${p}`, { defaultValue: p })}
                </Tag.CheckableTag>
              </Tooltip>
            ))}
          </Flex>
        </Form.Item>
        <Form.Item name="enabled" label={t('templates.enabled')} valuePropName="checked" extra={t('templates.disabledHint')}>
          <Switch />
        </Form.Item>
      </Form>
      {preview && (
        <Card size="small" title={t('templates.previewTitle')}>
          {preview.subject && <Typography.Title level={5}>{preview.subject}</Typography.Title>}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{preview.body}</Typography.Paragraph>
        </Card>
      )}
    </Drawer>
  );
}

/** 通知模板 (R-POR-2): the texts of customer notices and staff alerts, per channel. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation('notifications');
  const [editing, setEditing] = useState<NotificationTemplate | null>(null);
  const templates = useQuery({
    queryKey: notificationKeys.templates,
    queryFn: () => api.get<NotificationTemplateList>('/notification-templates'),
  });

  const columns: TableColumnsType<NotificationTemplate> = [
    {
      title: t('templates.name'),
      key: 'name',
      render: (_, r) => (i18n.language === 'en' ? r.nameEn : r.nameZh),
      onCell: (r, index = 0) => {
        const items = templates.data?.items ?? [];
        if (index > 0 && items[index - 1]?.key === r.key) return { rowSpan: 0 };
        let span = 1;
        while (items[index + span]?.key === r.key) span += 1;
        return { rowSpan: span };
      },
      width: 200,
    },
    { title: t('templates.audience'), dataIndex: 'audience', width: 80, render: (a: string) => t(`audience.${a}`) },
    { title: t('templates.channel'), dataIndex: 'channel', width: 100, render: (c: string) => t(`channel.${c}`) },
    {
      title: t('templates.body'),
      key: 'text',
      ellipsis: true,
      render: (_, r) => <Typography.Text ellipsis>{r.subject ? `${r.subject} — ${r.body}` : r.body}</Typography.Text>,
    },
    {
      title: t('templates.status'),
      key: 'status',
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          <Tag color={r.enabled ? 'success' : 'default'}>{r.enabled ? t('common:state.active') : t('common:state.disabled')}</Tag>
          {r.modified ? <Tag color="orange">{t('templates.modified')}</Tag> : <Tag>{t('templates.default')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common:list.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
          {t('common:button.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('templates.title')} subTitle={t('templates.subTitle', { example: '{{caseNumber}}' })} />
      <ApiErrorAlert error={templates.error} ns="notifications" onReload={templates.refetch} />
      {templates.data && templates.data.items.length === 0 && <Alert type="info" message={t('common:state.empty')} />}
      <Table<NotificationTemplate>
        rowKey="id"
        size="middle"
        bordered
        columns={columns}
        dataSource={templates.data?.items ?? []}
        loading={templates.isLoading}
        pagination={false}
      />
      {editing && <TemplateDrawer template={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
