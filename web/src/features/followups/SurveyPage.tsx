import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { applyFieldErrors, describeApiError } from '../../components/apiErrors';
import { formatDate } from '../../components/format';
import type { PublicSurvey } from './api';
import { QuestionField } from './CallPage';

/**
 * The customer's survey page (R-SAT-1): opened from the link in an SMS or e-mail, no account, on a
 * phone. Shows only the customer's name and the questions; answers once.
 */
export function SurveyPage() {
  const { t } = useTranslation('followups');
  const { token = '' } = useParams();
  const [form] = Form.useForm();
  const survey = useQuery({
    queryKey: ['public-survey', token],
    queryFn: () => api.get<PublicSurvey>(`/public/surveys/${encodeURIComponent(token)}`),
    retry: false,
  });
  const submit = useMutation({
    mutationFn: (values: Record<string, any>) => {
      const answers = Object.fromEntries(Object.entries(values.answers ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      return api.post<{ ok: true; score: number }>(`/public/surveys/${encodeURIComponent(token)}`, { answers, comment: values.comment || null });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const frame = (children: React.ReactNode) => (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: '16px 12px 48px' }}>
      <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center' }}>
        {survey.data?.questionnaire.name ?? t('survey.title')}
      </Typography.Title>
      {children}
    </div>
  );

  if (survey.isLoading) return frame(<Skeleton active />);
  if (survey.error) {
    const status = survey.error instanceof ApiError ? survey.error.status : 0;
    return frame(<Result status="warning" title={status === 410 ? t('survey.expired') : t('survey.notFound')} />);
  }
  const data = survey.data as PublicSurvey;
  if (submit.isSuccess) return frame(<Result status="success" title={t('survey.thanks')} subTitle={t('survey.thanksText')} data-testid="survey-thanks" />);
  if (data.answered || (submit.error instanceof ApiError && submit.error.status === 409)) {
    return frame(<Result status="info" title={t('survey.answered')} />);
  }
  return frame(
    <Card>
      <Typography.Paragraph>{t('survey.hello', { name: data.customerName })}</Typography.Paragraph>
      {data.questionnaire.intro && <Typography.Paragraph>{data.questionnaire.intro}</Typography.Paragraph>}
      <Typography.Paragraph type="secondary">{t('survey.expiresAt', { date: formatDate(data.expiresAt) })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} requiredMark>
        {data.questionnaire.questions.map((q) => (
          <QuestionField key={q.key} question={q} name={['answers', q.key]} />
        ))}
        {/* a free comment, unless the questionnaire asks for one itself */}
        {!data.questionnaire.questions.some((q) => q.kind === 'text') && (
          <Form.Item name="comment" label={t('survey.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {submit.error && !(submit.error instanceof ApiError && submit.error.status === 400) ? (
          <Typography.Paragraph type="danger">{describeApiError(submit.error, t)}</Typography.Paragraph>
        ) : null}
        <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="survey-submit">
          {t('survey.submit')}
        </Button>
      </Form>
    </Card>,
  );
}
