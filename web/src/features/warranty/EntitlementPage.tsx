import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type EntitlementLookup, warrantyKeys } from './api';
import { EntitlementLines } from './ClaimPanel';

/**
 * 保修查询 (R-WAR-1): the agent on a call types the serial number (or the model and the date on
 * the purchase proof) and sees 在保 / 过保 and why — catalogue default, contract, proof of
 * purchase, post-repair warranty. The query is in the address, so a result can be shared.
 */
export function EntitlementPage() {
  const { t } = useTranslation('warranty');
  const [params, setParams] = useSearchParams();
  const query = {
    serial: params.get('serial') ?? undefined,
    model: params.get('model') ?? undefined,
    purchaseDate: params.get('purchaseDate') ?? undefined,
    asOf: params.get('asOf') ?? undefined,
  };
  const ready = !!query.serial || (!!query.model && !!query.purchaseDate);
  const result = useQuery({
    queryKey: [...warrantyKeys.lookup, query],
    queryFn: () => api.get<EntitlementLookup>('/entitlement', query),
    enabled: ready,
  });
  const [form] = Form.useForm();

  const search = (values: { serial?: string; model?: string; purchaseDate?: Dayjs; asOf?: Dayjs }) => {
    const next = new URLSearchParams();
    if (values.serial?.trim()) next.set('serial', values.serial.trim());
    if (values.model?.trim()) next.set('model', values.model.trim());
    if (values.purchaseDate) next.set('purchaseDate', values.purchaseDate.format('YYYY-MM-DD'));
    if (values.asOf) next.set('asOf', values.asOf.format('YYYY-MM-DD'));
    setParams(next);
  };

  return (
    <>
      <PageHeader title={t('lookup.title')} subTitle={t('lookup.subTitle')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          onFinish={search}
          initialValues={{
            serial: query.serial,
            model: query.model,
            purchaseDate: query.purchaseDate ? dayjs(query.purchaseDate) : undefined,
            asOf: query.asOf ? dayjs(query.asOf) : undefined,
          }}
        >
          <Form.Item name="serial" label={t('lookup.serial')}>
            <Input autoFocus allowClear style={{ width: 200 }} data-testid="lookup-serial" />
          </Form.Item>
          <Form.Item name="model" label={t('lookup.model')}>
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="purchaseDate" label={t('lookup.purchaseDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="asOf" label={t('lookup.asOf')}>
            <DatePicker placeholder={t('lookup.today')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common:button.search')}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('lookup.hint')}
        </Typography.Text>
      </Card>
      {result.error ? <ApiErrorAlert error={result.error} /> : null}
      {ready && result.data && result.data.items.length === 0 && <Empty description={t('lookup.notFound')} />}
      <Flex vertical gap={12}>
        {result.data?.items.map((item) => (
          <Card
            key={`${item.unit?.id ?? 'proof'}-${item.product.id}`}
            size="small"
            data-testid="lookup-result"
            title={item.unit ? `${item.product.model} · ${item.unit.serialNumber}` : `${item.product.model} · ${t('lookup.byProof')}`}
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('lookup.product')}>{item.product.name}</Descriptions.Item>
              {item.unit && (
                <Descriptions.Item label={t('lookup.customer')}>
                  <Link to={`/customers/${item.unit.customerId}`}>{item.unit.customerName}</Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('lookup.purchase')}>
                {item.entitlement.purchaseDate ? formatDate(item.entitlement.purchaseDate) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('lookup.asOfDay')}>{formatDate(item.entitlement.asOf)}</Descriptions.Item>
              <Descriptions.Item label={t('lookup.result')} span={2}>
                <EntitlementLines entitlement={item.entitlement} />
              </Descriptions.Item>
              {item.unit && (
                <Descriptions.Item label={t('lookup.unit')} span={2}>
                  <Link to={`/units/${item.unit.id}`}>{t('lookup.openUnit')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        ))}
      </Flex>
    </>
  );
}
