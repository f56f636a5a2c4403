import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { SignaturePad } from '../repairs/SignaturePad';
import { Lines } from './Lines';
import { TaskAdmin } from './TaskAdmin';
import { type FollowupSettings, followupKeys, type Question, type RecordAttemptRequest, type TaskDetail } from './api';

/** One question of a questionnaire as a form field (scale buttons, choice, free text). */
export function QuestionField({ question, name }: { question: Question; name: (string | number)[] }) {
  const { t } = useTranslation('followups');
  const rules = question.required ? [{ required: true, message: t('survey.required') }] : [];
  if (question.kind === 'scale') {
    const min = question.min ?? 1;
    const max = question.max ?? 5;
    return (
      <Form.Item name={name} label={question.text} rules={rules}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i) }))}
          aria-label={question.text}
        />
      </Form.Item>
    );
  }
  if (question.kind === 'choice') {
    return (
      <Form.Item name={name} label={question.text} rules={rules}>
        <Radio.Group options={(question.options ?? []).map((o) => ({ value: o.value, label: o.label }))} aria-label={question.text} />
      </Form.Item>
    );
  }
  return (
    <Form.Item name={name} label={question.text} rules={rules}>
      <Input.TextArea rows={2} maxLength={2000} />
    </Form.Item>
  );
}

/** 回访记录表 (R-FUP-5..7): script, customer history, questionnaire and the outcome in a few keystrokes. */
export function CallPage() {
  const { t } = useTranslation('followups');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowApiError('followups');
  const [form] = Form.useForm();
  const page = useRef<HTMLDivElement>(null);
  const detail = useQuery({ queryKey: followupKeys.task(id), queryFn: () => api.get<TaskDetail>(`/followups/tasks/${id}`) });
  const settings = useQuery({ queryKey: followupKeys.settings, queryFn: () => api.get<FollowupSettings>('/followups/settings') });
  const reached = Form.useWatch('reached', form) ?? true;
  const score = Form.useWatch('score', form);
  const channel = Form.useWatch('channel', form);
  const caseType = Form.useWatch('caseType', form) ?? 'none';

  const task = detail.data?.task;
  useEffect(() => {
    if (task) form.setFieldsValue({ reached: true, channel: task.channel, caseType: 'none' });
  }, [task?.id, form]);

  // 0–5 on the keyboard rates the call (outside text fields)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (/^[0-5]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) form.setFieldValue('score', Number(e.key));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form]);

  const save = useMutation({
    mutationFn: (values: Record<string, any>) => {
      const body: RecordAttemptRequest = { version: task!.version, reached: values.reached, channel: values.channel };
      if (values.reached) {
        const answers = Object.fromEntries(Object.entries(values.answers ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
        Object.assign(body, {
          answers: Object.keys(answers).length ? answers : undefined,
          score: values.score ?? null,
          problems: values.problems || null,
          problemResolved: values.problems ? Boolean(values.problemResolved) : null,
          suggestions: values.suggestions || null,
          note: values.note || null,
          signerName: values.signerName || null,
          signature: values.signature || null,
          openCase: values.caseType && values.caseType !== 'none' ? { type: values.caseType, title: values.caseTitle } : undefined,
        });
      } else {
        Object.assign(body, { note: values.note || null, nextAttemptAt: values.nextAttemptAt ? values.nextAttemptAt.toISOString() : null });
      }
      return api.post<TaskDetail>(`/followups/tasks/${id}/attempts`, body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(followupKeys.task(id), saved);
      void queryClient.invalidateQueries({ queryKey: ['followups', 'queue'] });
      void message.success(t('call.saved'));
      if (saved.task.state !== 'pending') form.resetFields();
    },
    onError: (error) => showError(error, { form, onReload: () => void detail.refetch() }),
  });

  if (detail.error) return <ApiErrorAlert error={detail.error} ns="followups" onReload={() => void detail.refetch()} />;
  if (!detail.data || !task) return <Skeleton active />;
  const d = detail.data;
  const open = task.state === 'pending' && !task.mergedIntoId;
  const lowScore = typeof score === 'number' && score <= (settings.data?.lowScoreThreshold ?? 1);

  return (
    <div ref={page}>
      <PageHeader
        title={`${t('call.title')} · ${task.customer.name}`}
        onBack={() => navigate('/followups/queue')}
        tags={
          <>
            <Tag data-testid="task-state" color={task.state === 'done' ? 'green' : task.state === 'pending' ? 'blue' : 'default'}>
              {t(`state.${task.state}`)}
            </Tag>
            <Tag>{t(`channel.${task.channel}`)}</Tag>
            {task.round > 1 && <Tag color="orange">{t('call.round', { n: task.round })}</Tag>}
            {task.restricted && <Tag color="red">{t('queue.restricted')}</Tag>}
          </>
        }
        subTitle={task.ruleName ?? t(`purpose.${task.purpose}`)}
        extra={can('followup.manage') && open ? <TaskAdmin task={task} /> : null}
      />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('call.customer')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('call.customer')}>
                <Link to={`/customers/${task.customer.id}`}>{task.customer.name}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('queue.phone')}>
                <Typography.Text copyable={Boolean(task.customer.phone)} data-testid="customer-phone">
                  {task.customer.phone ?? '—'}
                </Typography.Text>
              </Descriptions.Item>
              {task.caseNumber && task.caseId && (
                <Descriptions.Item label={t('queue.case')}>
                  <Link to={`/cases/${task.caseId}`}>{task.caseNumber}</Link>
                </Descriptions.Item>
              )}
              {task.serialNumber && <Descriptions.Item label="SN">{task.serialNumber}</Descriptions.Item>}
              <Descriptions.Item label={t('call.due')}>
                <span data-testid="task-planned">{formatDateTime(task.plannedAt)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('call.dueBy')}>{formatDateTime(task.dueBy)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('call.script')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="call-script">
              {d.questionnaire?.script ?? t('call.noScript')}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t('call.history')} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{t('call.recentCases')}</Typography.Text>
            <Lines
              items={d.history.cases}
              empty={t('call.none')}
              render={(c) => (
                <>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link> {c.title}
                </>
              )}
            />
            <Typography.Text strong>{t('call.previousFollowups')}</Typography.Text>
            <Lines
              items={d.history.followups}
              empty={t('call.none')}
              render={(f) => `${formatDateTime(f.doneAt)} ${f.ruleName ?? ''} ${t(`state.${f.state}`)} ${f.score !== null ? `· ${f.score}` : ''}`}
            />
          </Card>
          {d.merged.length > 0 && (
            <Card size="small" title={t('call.merged')} style={{ marginBottom: 16 }}>
              <Lines items={d.merged} render={(m) => m.ruleName ?? t(`purpose.${m.purpose}`)} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={14}>
          {d.attempts.length > 0 && (
            <Card size="small" title={t('call.attempts')} style={{ marginBottom: 16 }}>
              <Lines
                items={d.attempts}
                itemTestId="attempt"
                render={(a) => (
                  <Flex vertical gap={2}>
                      <span>
                        {formatDateTime(a.recordedAt)} · {a.channelLabel} · {a.reached ? t('call.reached') : t('call.notReached')}
                        {a.score !== null ? ` · ${t('call.score')} ${a.score}（${a.scoreMeaning ?? ''}）` : ''}
                        {a.questionnaireScore !== null ? ` · ${t('call.questionnaireScore')} ${a.questionnaireScore}` : ''}
                      </span>
                      {a.problems && <Typography.Text type="secondary">{`${t('call.problems')}：${a.problems}`}</Typography.Text>}
                      {a.openedCaseId && (
                        <Link to={`/cases/${a.openedCaseId}`} data-testid="opened-case">
                          {t('call.openedCase')}
                        </Link>
                      )}
                  </Flex>
                )}
              />
            </Card>
          )}
          {!open ? (
            <Alert type="success" showIcon title={t('call.done')} />
          ) : (
            <Card size="small" title={t('call.outcome')}>
              <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark={false}>
                <Flex gap={16} wrap>
                  <Form.Item name="reached" label={t('call.outcome')}>
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: true, label: t('call.reached') },
                        { value: false, label: t('call.notReached') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name="channel" label={t('queue.channel')}>
                    <Radio.Group options={(['phone', 'sms', 'email', 'im', 'letter', 'on_site'] as const).map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
                  </Form.Item>
                </Flex>
                {reached ? (
                  <>
                    {d.questionnaire && (
                      <Card size="small" type="inner" title={`${t('call.questionnaire')}：${d.questionnaire.name}`} style={{ marginBottom: 16 }}>
                        {d.questionnaire.questions.map((q) => (
                          <QuestionField key={q.key} question={{ ...q, required: false }} name={['answers', q.key]} />
                        ))}
                      </Card>
                    )}
                    <Form.Item name="score" label={t('call.score')} extra={t('call.scoreHint')}>
                      <Radio.Group
                        data-testid="score"
                        optionType="button"
                        buttonStyle="solid"
                        options={(d.scoreMeanings ?? []).map((meaning, i) => ({ value: i, label: `${i} ${meaning}` }))}
                      />
                    </Form.Item>
                    {lowScore && <Alert type="warning" showIcon title={t('call.lowScore')} style={{ marginBottom: 16 }} />}
                    <Form.Item name="problems" label={t('call.problems')}>
                      <Input.TextArea rows={2} maxLength={4000} data-testid="problems" />
                    </Form.Item>
                    <Form.Item name="problemResolved" valuePropName="checked">
                      <Checkbox>{t('call.problemResolved')}</Checkbox>
                    </Form.Item>
                    <Flex gap={16} wrap>
                      <Form.Item name="caseType" label={t('call.openCase')}>
                        <Radio.Group options={(['none', 'complaint', 'repair'] as const).map((c) => ({ value: c, label: t(`call.caseType.${c}`) }))} />
                      </Form.Item>
                      {caseType !== 'none' && (
                        <Form.Item name="caseTitle" label={t('call.caseTitle')} rules={[{ required: true, message: t('survey.required') }]} style={{ flex: 1, minWidth: 240 }}>
                          <Input maxLength={200} />
                        </Form.Item>
                      )}
                    </Flex>
                    <Form.Item name="suggestions" label={t('call.suggestions')}>
                      <Input.TextArea rows={2} maxLength={4000} />
                    </Form.Item>
                    {channel === 'on_site' && (
                      <>
                        <Form.Item name="signerName" label={t('call.signerName')} rules={[{ required: true, message: t('call.signatureRequired') }]}>
                          <Input maxLength={100} />
                        </Form.Item>
                        <Form.Item name="signature" label={t('call.signature')} rules={[{ required: true, message: t('call.signatureRequired') }]}>
                          <SignaturePad />
                        </Form.Item>
                      </>
                    )}
                  </>
                ) : (
                  <Form.Item name="nextAttemptAt" label={t('call.nextAttemptAt')} extra={t('call.nextAttemptHint', { hours: settings.data?.retryAfterHours ?? 2 })}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                )}
                <Form.Item name="note" label={t('call.note')}>
                  <Input.TextArea rows={2} maxLength={4000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-attempt">
                  {reached ? t('call.save') : t('call.saveNotReached')}
                </Button>
              </Form>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
