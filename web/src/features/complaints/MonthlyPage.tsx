import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, Modal, Radio, Row, Select, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { dayjs } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useUserOptions } from '../cases/api';
import { CAPA_KINDS, complaintKeys, type MonthlyView, useMonthly } from './api';

const LEVEL_COLOUR: Record<string, string> = { high: 'red', medium: 'orange', low: 'default' };

function OwnerSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const [text, setText] = useState('');
  const users = useUserOptions(text);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
    />
  );
}

/**
 * 月度投诉分析: complaints of a month by category, cause and department, escalated ones counted,
 * and the frequency × urgency matrix choosing the topics of the monthly complaint meeting, whose
 * decisions are recorded here as actions.
 */
export function MonthlyPage() {
  const { t } = useTranslation('complaints');
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('complaints');
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [meetingOpen, setMeetingOpen] = useState(false);
  const [form] = Form.useForm<Record<string, any>>();
  const q = useMonthly(month);
  const m: MonthlyView | undefined = q.data;
  const save = useMutation({
    mutationFn: (values: Record<string, any>) =>
      api.post('/complaints/meetings', {
        month,
        heldOn: (values.heldOn as Dayjs).format('YYYY-MM-DD'),
        topics: values.topics,
        attendees: values.attendees?.trim() || null,
        minutes: values.minutes?.trim() || null,
        decisions: (values.decisions ?? []).map((d: any) => ({
          kind: d.kind,
          description: d.description,
          ownerId: d.ownerId,
          dueOn: (d.dueOn as Dayjs).format('YYYY-MM-DD'),
        })),
      }),
    onSuccess: () => {
      void message.success(t('saved'));
      setMeetingOpen(false);
      void queryClient.invalidateQueries({ queryKey: complaintKeys.monthly(month) });
    },
    onError: (e) => showError(e, { form }),
  });
  const countColumns = (nameTitle: string) => [
    { title: nameTitle, dataIndex: 'name' },
    { title: t('monthly.count'), dataIndex: 'count', width: 90, align: 'right' as const },
  ];
  return (
    <>
      <PageHeader
        title={t('menu.monthly')}
        subTitle={t('monthly.hint')}
        extra={
          <Flex gap={8}>
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
            {can('complaint.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setMeetingOpen(true)}>
                {t('monthly.recordMeeting')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {q.error ? <ApiErrorAlert error={q.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Card>
            <Statistic title={t('monthly.total')} value={m?.total ?? 0} loading={q.isLoading} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic title={t('monthly.escalated')} value={m?.escalated ?? 0} loading={q.isLoading} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic title={t('monthly.closed')} value={m?.closed ?? 0} loading={q.isLoading} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('monthly.matrix')}>
            <Table
              rowKey={(r) => r.categoryId ?? 'none'}
              size="small"
              pagination={false}
              dataSource={m?.matrix ?? []}
              columns={[
                { title: t('monthly.category'), dataIndex: 'name' },
                { title: t('monthly.count'), dataIndex: 'count', width: 90, align: 'right' },
                { title: t('monthly.frequency'), dataIndex: 'frequency', width: 100, render: (l: string) => <Tag color={LEVEL_COLOUR[l]}>{t(`level.${l}`)}</Tag> },
                { title: t('monthly.urgency'), dataIndex: 'urgency', width: 100, render: (l: string) => <Tag color={LEVEL_COLOUR[l]}>{t(`level.${l}`)}</Tag> },
                { title: t('monthly.topic'), dataIndex: 'meetingTopic', width: 130, render: (v: boolean) => (v ? <Tag color="blue">{t('monthly.toMeeting')}</Tag> : '—') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('monthly.byCategory')}>
            <Table rowKey={(r) => r.id ?? 'none'} size="small" pagination={false} dataSource={m?.byCategory ?? []} columns={countColumns(t('monthly.category'))} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('monthly.byCause')}>
            <Table
              rowKey="responsibility"
              size="small"
              pagination={false}
              dataSource={m?.byCause ?? []}
              columns={[
                { title: t('monthly.cause'), dataIndex: 'responsibility' },
                { title: t('monthly.count'), dataIndex: 'count', width: 90, align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('monthly.byDepartment')}>
            <Table rowKey={(r) => r.id ?? 'none'} size="small" pagination={false} dataSource={m?.byDepartment ?? []} columns={countColumns(t('monthly.department'))} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('monthly.meetings')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={m?.meetings ?? []}
              locale={{ emptyText: t('monthly.noMeeting') }}
              columns={[
                { title: t('monthly.heldOn'), dataIndex: 'heldOn', width: 120 },
                { title: t('monthly.topics'), dataIndex: 'topics', render: (v: string[]) => v.join('；') },
                { title: t('monthly.minutes'), dataIndex: 'minutes', render: (v: string | null) => v ?? '' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        title={t('monthly.recordMeeting')}
        open={meetingOpen}
        onCancel={() => setMeetingOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        width={760}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ topics: (m?.matrix ?? []).filter((x) => x.meetingTopic).map((x) => x.name), decisions: [] }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item name="heldOn" label={t('monthly.heldOn')} rules={[{ required: true, message: t('common:field.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="topics" label={t('monthly.topics')} rules={[{ required: true, message: t('common:field.required') }]}>
            <Select mode="tags" />
          </Form.Item>
          <Form.Item name="attendees" label={t('investigation.attendees')}>
            <Input maxLength={1000} />
          </Form.Item>
          <Form.Item name="minutes" label={t('monthly.minutes')}>
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
          <Form.List name="decisions">
            {(fields, { add, remove }) => (
              <Form.Item label={t('monthly.decisions')}>
                {fields.map((field) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<Button type="link" danger onClick={() => remove(field.name)}>{t('common:button.delete')}</Button>}>
                    <Form.Item name={[field.name, 'kind']} initialValue="preventive">
                      <Radio.Group options={CAPA_KINDS.map((k) => ({ value: k, label: t(`capaKind.${k}`) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description']} label={t('capa.description')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
                      <Input maxLength={4000} />
                    </Form.Item>
                    <Flex gap={8}>
                      <Form.Item name={[field.name, 'ownerId']} label={t('capa.owner')} rules={[{ required: true, message: t('common:field.required') }]} style={{ flex: 1 }}>
                        <OwnerSelect />
                      </Form.Item>
                      <Form.Item name={[field.name, 'dueOn']} label={t('capa.dueOn')} rules={[{ required: true, message: t('common:field.required') }]}>
                        <DatePicker />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'preventive' })}>
                  {t('monthly.addDecision')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
