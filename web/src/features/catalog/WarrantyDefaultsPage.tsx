import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type CatalogDefaults, catalogKeys, type UpdateCatalogDefaultsRequest, useCatalogDefaults } from './api';

interface DefaultsFormValues {
  defaultWarrantyMonths: number;
  postRepairWarrantyDays: number;
}

/** 默认保修期: the company's default warranty terms for new products (R-CUS-2). */
export function WarrantyDefaultsPage() {
  const { t } = useTranslation('catalog');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('settings.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('catalog');
  const defaults = useCatalogDefaults();
  const [form] = Form.useForm<DefaultsFormValues>();
  const save = useMutation({
    mutationFn: (values: DefaultsFormValues) => {
      const body: UpdateCatalogDefaultsRequest = { version: defaults.data!.version, ...values };
      return api.put<CatalogDefaults>('/settings/catalog-defaults', body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(catalogKeys.defaults, saved);
      void message.success(t('defaults.saved'));
    },
    onError: (error) =>
      showError(error, { form, onReload: () => void defaults.refetch().then((r) => r.data && form.setFieldsValue(r.data)) }),
  });
  const data = defaults.data;
  return (
    <>
      <PageHeader title={t('defaults.title')} subTitle={t('defaults.intro')} />
      <ApiErrorAlert error={defaults.error} ns="catalog" onReload={() => void defaults.refetch()} retry />
      {!canWrite && <Alert type="info" showIcon title={t('defaults.readOnly')} style={{ marginBottom: 16, maxWidth: 560 }} />}
      <Card style={{ maxWidth: 560 }} loading={defaults.isLoading}>
        {data && (
          <Form<DefaultsFormValues>
            key={data.version}
            form={form}
            layout="vertical"
            disabled={!canWrite}
            initialValues={{
              defaultWarrantyMonths: data.defaultWarrantyMonths,
              postRepairWarrantyDays: data.postRepairWarrantyDays,
            }}
            onFinish={(values) => save.mutate(values)}
          >
            <Form.Item
              name="defaultWarrantyMonths"
              label={t('defaults.warrantyMonths')}
              extra={t('defaults.warrantyMonthsExtra')}
              rules={[{ required: true, message: t('defaults.required') }]}
            >
              <InputNumber min={0} max={600} precision={0} style={{ width: 200 }} autoFocus={canWrite} />
            </Form.Item>
            <Form.Item
              name="postRepairWarrantyDays"
              label={t('defaults.postRepairDays')}
              extra={t('defaults.postRepairDaysExtra')}
              rules={[{ required: true, message: t('defaults.required') }]}
            >
              <InputNumber min={0} max={3650} precision={0} style={{ width: 200 }} />
            </Form.Item>
            {canWrite && (
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('defaults.save')}
              </Button>
            )}
          </Form>
        )}
        {data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            {data.updatedAt ? t('defaults.lastUpdated', { time: formatDateTime(data.updatedAt) }) : t('defaults.neverSaved')}
          </Typography.Paragraph>
        )}
      </Card>
    </>
  );
}
