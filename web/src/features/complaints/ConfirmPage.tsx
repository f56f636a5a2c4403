import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { complaintKeys, type PublicConfirmation } from './api';

/**
 * The complainant's page (谁投诉谁关闭, R-CMP-9): opened from the link in the result message, no
 * account. Shows the result and asks: satisfied → the complaint may be closed; not satisfied → the
 * reason, and the complaint goes back to handling. Phone-first layout; Chinese by default.
 */
export function ConfirmPage() {
  const { t } = useTranslation('complaints');
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const q = useQuery({
    queryKey: complaintKeys.confirmation(id, token),
    queryFn: () => api.get<PublicConfirmation>(`/public/complaints/${id}/confirmation`, { token }),
    retry: false,
    enabled: !!token,
  });
  const answer = useMutation({
    mutationFn: (satisfied: boolean) =>
      api.post<PublicConfirmation>(`/public/complaints/${id}/confirmation`, { token, satisfied, reason: satisfied ? undefined : reason.trim() }),
    onSuccess: (view) => queryClient.setQueryData(complaintKeys.confirmation(id, token), view),
  });
  const shell = (content: React.ReactNode) => (
    <Flex justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <div style={{ width: '100%', maxWidth: 480 }}>{content}</div>
    </Flex>
  );
  if (!token || (q.error instanceof ApiError && q.error.status === 404)) {
    return shell(<Result status="warning" title={t('public.invalid')} subTitle={t('public.invalidHint')} />);
  }
  if (q.error) return shell(<Result status="error" title={t('public.error')} />);
  if (!q.data) return shell(<Spin style={{ display: 'block', marginTop: 80 }} />);
  const v = q.data;
  if (v.status !== 'open') {
    const title =
      v.status === 'used'
        ? v.result === 'confirmed'
          ? t('public.thanks')
          : t('public.rejectedThanks')
        : v.status === 'expired'
          ? t('public.expired')
          : t('public.revoked');
    return shell(
      <Result
        status={v.status === 'used' ? 'success' : 'warning'}
        title={<span data-testid="confirm-result">{title}</span>}
        subTitle={v.status === 'used' ? t('public.usedHint', { number: v.number }) : t('public.contact', { hotline: v.hotline || v.companyName })}
      />,
    );
  }
  return shell(
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('public.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {v.companyName} · {t('public.number', { number: v.number })}
      </Typography.Paragraph>
      <Typography.Paragraph strong>{v.title}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('public.result')}：<span data-testid="confirm-text">{v.resultText}</span>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('public.expires', { at: formatDateTime(v.expiresAt) })}
      </Typography.Paragraph>
      {answer.error ? <Alert type="error" showIcon message={(answer.error as Error).message} style={{ marginBottom: 12 }} /> : null}
      {rejecting ? (
        <Flex vertical gap={12}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('public.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('public.reason')} />
          <Button type="primary" danger block size="large" disabled={!reason.trim()} loading={answer.isPending} onClick={() => answer.mutate(false)}>
            {t('public.submitReject')}
          </Button>
          <Button block onClick={() => setRejecting(false)}>
            {t('public.back')}
          </Button>
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Button type="primary" block size="large" loading={answer.isPending} onClick={() => answer.mutate(true)}>
            {t('public.confirm')}
          </Button>
          <Button block size="large" onClick={() => setRejecting(true)}>
            {t('public.reject')}
          </Button>
        </Flex>
      )}
    </Card>,
  );
}
