import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Radio, Skeleton } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { fenToYuan, yuanToFen } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { DEDUCTION_KINDS, type UpdateWarrantySettingsRequest, type WarrantySettings, warrantyKeys } from './api';

/** 三包设置: the bracketed numbers of R-WAR (refund days, ship-back start, default deductions). */
export function WarrantySettingsPage() {
  const { t } = useTranslation('warranty');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('warranty');
  const [form] = Form.useForm();
  const settings = useQuery({ queryKey: warrantyKeys.settings, queryFn: () => api.get<WarrantySettings>('/warranty/settings') });
  const editable = can('settings.write');

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    form.setFieldsValue({
      ...s,
      deductionYuan: Object.fromEntries(DEDUCTION_KINDS.map((k) => [k, fenToYuan(s.deductionDefaults[k])])),
    });
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (values: Record<string, any>) => {
      const body: UpdateWarrantySettingsRequest = {
        version: settings.data!.version,
        refundPolicyDays: values.refundPolicyDays,
        refundAfterRemedies: values.refundAfterRemedies,
        shipBackStartsAt: values.shipBackStartsAt,
        expiringSoonDays: values.expiringSoonDays,
        deductionDefaults: {
          missing_part: yuanToFen(Number(values.deductionYuan?.missing_part ?? 0)),
          packaging: yuanToFen(Number(values.deductionYuan?.packaging ?? 0)),
          other: yuanToFen(Number(values.deductionYuan?.other ?? 0)),
        },
      };
      return api.put<WarrantySettings>('/warranty/settings', body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(warrantyKeys.settings, saved);
      void message.success(t('saved'));
    },
    onError: (error) => showError(error, { form, onReload: () => void settings.refetch() }),
  });

  return (
    <>
      <PageHeader title={t('menu.settings')} subTitle={t('settings.hint')} />
      {settings.error ? <ApiErrorAlert error={settings.error} /> : null}
      {settings.isLoading ? (
        <Skeleton active />
      ) : (
        <Card style={{ maxWidth: 720 }}>
          <Form form={form} layout="vertical" disabled={!editable} onFinish={(v) => save.mutate(v)}>
            <Form.Item name="refundPolicyDays" label={t('settings.refundPolicyDays')} extra={t('settings.refundPolicyDaysHint')} rules={[{ required: true, message: t('common:field.required') }]}>
              <InputNumber min={0} max={365} precision={0} suffix={t('settings.days')} />
            </Form.Item>
            <Form.Item name="refundAfterRemedies" label={t('settings.refundAfterRemedies')} rules={[{ required: true, message: t('common:field.required') }]}>
              <InputNumber min={1} max={10} precision={0} suffix={t('settings.times')} />
            </Form.Item>
            <Form.Item name="shipBackStartsAt" label={t('settings.shipBackStartsAt')}>
              <Radio.Group
                options={(['received_by_factory', 'repaired_at_factory'] as const).map((v) => ({ value: v, label: t(`settings.shipBackStart.${v}`) }))}
              />
            </Form.Item>
            <Form.Item name="expiringSoonDays" label={t('settings.expiringSoonDays')} rules={[{ required: true, message: t('common:field.required') }]}>
              <InputNumber min={0} max={365} precision={0} suffix={t('settings.days')} />
            </Form.Item>
            {DEDUCTION_KINDS.map((k) => (
              <Form.Item key={k} name={['deductionYuan', k]} label={t('settings.deductionDefault', { kind: t(`deductionKind.${k}`) })}>
                <InputNumber min={0} precision={2} suffix={t('yuan')} />
              </Form.Item>
            ))}
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
