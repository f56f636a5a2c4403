import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { CHANNELS, type FollowupRule, followupKeys, type UpdateRuleRequest } from './api';

const UNITS = ['hours', 'days', 'months'] as const;
const ASSIGNEES = ['agent', 'supervisor', 'manager', 'by_severity'] as const;

/** 回访计划 (R-FUP-1, R-FUP-2): the rules that plan follow-ups, editable by managers. */
export function RulesPage() {
  const { t } = useTranslation('followups');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [editing, setEditing] = useState<FollowupRule | null>(null);
  const [form] = Form.useForm();
  const rules = useQuery({ queryKey: followupKeys.rules, queryFn: () => api.get<{ items: FollowupRule[] }>('/followups/rules') });
  const manage = can('followup.manage');

  const save = useMutation({
    mutationFn: (values: UpdateRuleRequest) => api.patch<FollowupRule>(`/followups/rules/${editing!.id}`, { ...values, version: editing!.version }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: followupKeys.rules });
      void message.success(t('rules.saved'));
      setEditing(null);
    },
    onError: (error) => showError(error, { form, onReload: () => void rules.refetch() }),
  });
  const toggle = useMutation({
    mutationFn: (rule: FollowupRule) => api.patch<FollowupRule>(`/followups/rules/${rule.id}`, { enabled: !rule.enabled, version: rule.version }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: followupKeys.rules }),
    onError: (error) => showError(error),
  });
  const generate = useMutation({
    mutationFn: () => api.post<{ created: number; merged: number; skipped: number }>('/followups/generate', {}),
    onSuccess: (r) => {
      void message.success(t('rules.generated', r));
      void queryClient.invalidateQueries({ queryKey: ['followups', 'queue'] });
    },
    onError: (error) => showError(error),
  });

  const period = (amount: number, unit: string) => `${amount} ${t(`unit.${unit}`)}`;
  const columns: TableColumnsType<FollowupRule> = [
    { title: t('rules.name'), dataIndex: 'name', ellipsis: true },
    { title: t('rules.trigger'), dataIndex: 'trigger', width: 140, render: (v: string) => t(`trigger.${v}`) },
    { title: t('rules.delay'), key: 'delay', width: 90, render: (_: unknown, r) => period(r.delayAmount, r.delayUnit) },
    { title: t('rules.window'), key: 'window', width: 90, render: (_: unknown, r) => period(r.windowAmount, r.windowUnit) },
    { title: t('rules.channel'), dataIndex: 'channel', width: 100, render: (v: string) => t(`channel.${v}`) },
    { title: t('rules.assignee'), dataIndex: 'assignee', width: 110, render: (v: string) => t(`role.${v}`) },
    { title: t('rules.sampling'), dataIndex: 'samplingPercent', width: 90, align: 'right', render: (v: number) => `${v}%` },
    { title: t('rules.target'), dataIndex: 'targetPercent', width: 100, align: 'right', render: (v: number) => `${v}%` },
    {
      title: t('rules.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (v: boolean, r) => <Switch size="small" checked={v} disabled={!manage} onChange={() => toggle.mutate(r)} aria-label={`${t('rules.enabled')} ${r.name}`} />,
    },
    {
      key: 'edit',
      width: 80,
      render: (_: unknown, r) =>
        manage ? (
          <Button
            size="small"
            onClick={() => {
              setEditing(r);
              form.setFieldsValue(r);
            }}
          >
            {t('rules.edit')}
          </Button>
        ) : (
          r.restricted && <Tag color="red">{t('queue.restricted')}</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('rules.title')}
        subTitle={t('rules.subTitle')}
        extra={
          manage && (
            <Button onClick={() => generate.mutate()} loading={generate.isPending}>
              {t('rules.generate')}
            </Button>
          )
        }
      />
      {rules.error ? <ApiErrorAlert error={rules.error} ns="followups" onReload={() => void rules.refetch()} /> : null}
      <Table<FollowupRule> rowKey="id" size="middle" loading={rules.isLoading} columns={columns} dataSource={rules.data?.items ?? []} pagination={false} scroll={{ x: 1100 }} />
      <Drawer open={Boolean(editing)} onClose={() => setEditing(null)} title={editing?.name} size={520} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('rules.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Flex gap={8}>
            <Form.Item name="delayAmount" label={t('rules.delay')}>
              <InputNumber min={0} max={10000} precision={0} />
            </Form.Item>
            <Form.Item name="delayUnit" label=" ">
              <Select style={{ width: 100 }} options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
            </Form.Item>
            <Form.Item name="windowAmount" label={t('rules.window')}>
              <InputNumber min={1} max={10000} precision={0} />
            </Form.Item>
            <Form.Item name="windowUnit" label=" ">
              <Select style={{ width: 100 }} options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="channel" label={t('rules.channel')}>
            <Radio.Group options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
          </Form.Item>
          <Form.Item name="assignee" label={t('rules.assignee')}>
            <Radio.Group options={ASSIGNEES.map((a) => ({ value: a, label: t(`role.${a}`) }))} />
          </Form.Item>
          <Flex gap={16}>
            <Form.Item name="samplingPercent" label={t('rules.sampling')}>
              <InputNumber min={0} max={100} precision={0} suffix="%" />
            </Form.Item>
            <Form.Item name="targetPercent" label={t('rules.target')}>
              <InputNumber min={0} max={100} precision={0} suffix="%" />
            </Form.Item>
            <Form.Item name="priority" label={t('rules.priority')}>
              <InputNumber min={0} max={9} precision={0} />
            </Form.Item>
          </Flex>
          <Form.Item name="caseDemanded" valuePropName="checked" label={t('rules.caseDemanded')}>
            <Switch />
          </Form.Item>
          <Form.Item name="restricted" valuePropName="checked" label={t('rules.restricted')}>
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form>
      </Drawer>
    </>
  );
}
