import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Select, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { companyToday } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type Campaign, type CampaignStats, followupKeys, type Questionnaire } from './api';

type Item = CampaignStats['items'][number];

/** 满意度调查 (R-SAT-2): the annual campaign — invitations, reminders, response rate, items and their corrective actions. */
export function CampaignsPage() {
  const { t } = useTranslation('followups');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editingItem, setEditingItem] = useState<Item | null>(null);
  const [createForm] = Form.useForm();
  const [itemForm] = Form.useForm();
  const manage = can('followup.manage');
  const campaigns = useQuery({ queryKey: followupKeys.campaigns, queryFn: () => api.get<{ items: Campaign[] }>('/surveys/campaigns') });
  const questionnaires = useQuery({ queryKey: followupKeys.questionnaires, queryFn: () => api.get<{ items: Questionnaire[] }>('/questionnaires') });
  const current = selected ?? campaigns.data?.items[0]?.id ?? null;
  const stats = useQuery({
    queryKey: followupKeys.campaign(current ?? ''),
    queryFn: () => api.get<CampaignStats>(`/surveys/campaigns/${current}`),
    enabled: Boolean(current),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: followupKeys.campaigns });
    if (current) void queryClient.invalidateQueries({ queryKey: followupKeys.campaign(current) });
  };

  const create = useMutation({
    mutationFn: (values: { name: string; year: number; questionnaireId: string }) => api.post<Campaign>('/surveys/campaigns', values),
    onSuccess: (c) => {
      setCreating(false);
      setSelected(c.id);
      refresh();
    },
    onError: (error) => showError(error, { form: createForm }),
  });
  const act = useMutation({
    mutationFn: ({ action, campaign }: { action: 'start' | 'remind' | 'close'; campaign: Campaign }) =>
      api.post<Campaign | { reminded: number }>(`/surveys/campaigns/${campaign.id}/${action}`, action === 'remind' ? undefined : { version: campaign.version }),
    onSuccess: (result, { action }) => {
      if (action === 'remind') void message.success(t('campaigns.reminded', { n: (result as { reminded: number }).reminded }));
      refresh();
    },
    onError: (error) => showError(error),
  });
  const saveItem = useMutation({
    mutationFn: (values: { cause: string; correctiveAction: string; reply?: string }) =>
      api.put<CampaignStats>(`/surveys/campaigns/${current}/items/${editingItem!.key}`, { ...values, reply: values.reply || null, version: editingItem!.version ?? 0 }),
    onSuccess: (s) => {
      queryClient.setQueryData(followupKeys.campaign(current ?? ''), s);
      setEditingItem(null);
    },
    onError: (error) => showError(error, { form: itemForm }),
  });

  const campaign = stats.data?.campaign;
  const itemColumns: TableColumnsType<Item> = [
    { title: t('campaigns.item'), dataIndex: 'text' },
    { title: t('campaigns.average'), dataIndex: 'averageScore', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
    {
      key: 'satisfied',
      width: 90,
      render: (_: unknown, r) => (r.satisfied === null ? '—' : <Tag color={r.satisfied ? 'green' : 'red'}>{r.satisfied ? t('campaigns.satisfied') : t('campaigns.unsatisfied')}</Tag>),
    },
    { title: t('campaigns.cause'), dataIndex: 'cause', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('campaigns.action'), dataIndex: 'correctiveAction', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      key: 'edit',
      width: 90,
      render: (_: unknown, r) =>
        manage && r.satisfied === false ? (
          <Button
            size="small"
            onClick={() => {
              setEditingItem(r);
              itemForm.setFieldsValue({ cause: r.cause, correctiveAction: r.correctiveAction, reply: r.reply });
            }}
          >
            {t('rules.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        subTitle={t('campaigns.subTitle')}
        extra={
          <>
            <Select
              style={{ width: 260 }}
              value={current ?? undefined}
              onChange={setSelected}
              options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${t(`campaigns.state.${c.state}`)}）` }))}
              aria-label={t('campaigns.title')}
            />
            {manage && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('campaigns.create')}
              </Button>
            )}
          </>
        }
      />
      {campaigns.error ? <ApiErrorAlert error={campaigns.error} ns="followups" /> : null}
      {campaign && stats.data && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Flex gap={32} wrap align="center">
              <Statistic title={t('campaigns.invited')} value={stats.data.invited} />
              <Statistic title={t('campaigns.answered')} value={stats.data.answered} />
              <Statistic title={`${t('campaigns.responseRate')}（≥${stats.data.responseTargetPercent}%）`} value={stats.data.responseRatePercent} suffix="%" />
              <Statistic title={`${t('campaigns.score')}（≥${campaign.satisfiedScore}）`} value={stats.data.averageScore ?? '—'} />
              <Flex gap={8} wrap>
                {manage && campaign.state === 'draft' && <Button onClick={() => act.mutate({ action: 'start', campaign })}>{t('campaigns.start')}</Button>}
                {manage && campaign.state === 'running' && <Button onClick={() => act.mutate({ action: 'remind', campaign })}>{t('campaigns.remind')}</Button>}
                {manage && campaign.state === 'running' && <Button onClick={() => act.mutate({ action: 'close', campaign })}>{t('campaigns.close')}</Button>}
                <Button href={api.url(`/surveys/campaigns/${campaign.id}/report.xlsx`)}>{t('campaigns.report')}</Button>
                <Button href={api.url(`/surveys/campaigns/${campaign.id}/report.pdf`)}>{t('campaigns.reportPdf')}</Button>
              </Flex>
            </Flex>
          </Card>
          <Table<Item> rowKey="key" size="small" columns={itemColumns} dataSource={stats.data.items} pagination={false} />
        </>
      )}
      <Modal open={creating} title={t('campaigns.create')} onCancel={() => setCreating(false)} onOk={() => createForm.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form
          form={createForm}
          layout="vertical"
          initialValues={{ year: Number(companyToday().slice(0, 4)), questionnaireId: questionnaires.data?.items.find((q) => q.code === 'annual_satisfaction')?.id }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="year" label={t('campaigns.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item name="questionnaireId" label={t('campaigns.questionnaire')} rules={[{ required: true }]}>
            <Select options={(questionnaires.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={Boolean(editingItem)} title={editingItem?.text} onCancel={() => setEditingItem(null)} onOk={() => itemForm.submit()} confirmLoading={saveItem.isPending} destroyOnHidden>
        <Form form={itemForm} layout="vertical" onFinish={(v) => saveItem.mutate(v)}>
          <Form.Item name="cause" label={t('campaigns.cause')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="correctiveAction" label={t('campaigns.action')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="reply" label={t('campaigns.reply')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
