import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Divider, Flex, Form, Input, InputNumber, Select, Skeleton } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { type FollowupSettings, followupKeys } from './api';

const HM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const NUMBERS = [
  ['minContactGapDays', 'days', 0, 365],
  ['reducedContactGapDays', 'days', 0, 365],
  ['maxAttempts', 'times', 1, 20],
  ['retryAfterHours', 'hours', 0.25, 720],
  ['lowScoreThreshold', 'points', 0, 5],
  ['unresolvedFollowupDays', 'days', 1, 365],
  ['surveyLinkDays', 'days', 1, 365],
  ['surveyReminderDays', 'days', 1, 365],
  ['surveyLowScore', 'points', 0, 100],
  ['campaignMinTransactions', 'times', 1, 1000],
  ['responseTargetPercent', 'percent', 0, 100],
  ['satisfiedScore', 'points', 0, 100],
  ['overallTargetPercent', 'percent', 0, 100],
  ['commendationPercent', 'percent', 0, 100],
  ['warningPercent', 'percent', 0, 100],
  ['failingPercent', 'percent', 0, 100],
  ['generateEveryMinutes', 'minutes', 5, 1440],
  ['catchUpDays', 'days', 1, 60],
] as const;
const ROLES = ['agent', 'supervisor', 'department_head', 'general_manager'] as const;

/** 回访设置: call windows, the contact gap, who calls by severity, retries, survey and rate targets (R-FUP, R-SAT). */
export function SettingsPage() {
  const { t } = useTranslation('followups');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [form] = Form.useForm();
  const settings = useQuery({ queryKey: followupKeys.settings, queryFn: () => api.get<FollowupSettings>('/followups/settings') });
  const editable = can('followup.manage');
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const { version: _v, updatedAt: _u, ...rest } = values;
      return api.put<FollowupSettings>('/followups/settings', { ...rest, version: settings.data!.version });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(followupKeys.settings, saved);
      void message.success(t('rules.saved'));
    },
    onError: (error) => showError(error, { form, onReload: () => void settings.refetch() }),
  });

  return (
    <>
      <PageHeader title={t('menu.settings')} subTitle={t('settings.hint')} />
      {settings.error ? <ApiErrorAlert error={settings.error} ns="followups" /> : null}
      {settings.isLoading ? (
        <Skeleton active />
      ) : (
        <Card style={{ maxWidth: 760 }}>
          <Form form={form} layout="vertical" disabled={!editable} onFinish={(v) => save.mutate(v)}>
            <Form.List name="callWindows">
              {(fields, { add, remove }) => (
                <Form.Item label={t('settings.callWindows')} extra={t('settings.callWindowsHint')}>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="baseline">
                      <Form.Item name={[field.name, 'start']} rules={[{ pattern: HM, required: true, message: 'HH:MM' }]}>
                        <Input placeholder="10:00" style={{ width: 100 }} aria-label={t('settings.start')} />
                      </Form.Item>
                      <span>–</span>
                      <Form.Item name={[field.name, 'end']} rules={[{ pattern: HM, required: true, message: 'HH:MM' }]}>
                        <Input placeholder="11:30" style={{ width: 100 }} aria-label={t('settings.end')} />
                      </Form.Item>
                      {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('settings.removeWindow')} />}
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ start: '', end: '' })}>
                    {t('settings.addWindow')}
                  </Button>
                </Form.Item>
              )}
            </Form.List>
            <Divider />
            <Flex gap={16} wrap>
              {(['general', 'important', 'major'] as const).map((severity) => (
                <Form.Item key={severity} name={['severityRoles', severity]} label={t(`settings.severity.${severity}`)}>
                  <Select style={{ width: 160 }} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                </Form.Item>
              ))}
            </Flex>
            <Flex gap={16} wrap>
              {NUMBERS.map(([name, unit, min, max]) => (
                <Form.Item key={name} name={name} label={t(`settings.${name}`)} rules={[{ required: true }]}>
                  <InputNumber min={min} max={max} suffix={t(`settings.unit.${unit}`)} style={{ width: 160 }} />
                </Form.Item>
              ))}
            </Flex>
            <Form.Item name="publicBaseUrl" label={t('settings.publicBaseUrl')} extra={t('settings.publicBaseUrlHint')}>
              <Input placeholder="https://service.example.com" maxLength={200} />
            </Form.Item>
            {editable && (
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common:button.save')}
              </Button>
            )}
          </Form>
        </Card>
      )}
    </>
  );
}
