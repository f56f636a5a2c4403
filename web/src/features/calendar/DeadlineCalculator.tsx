import { Button, Card, DatePicker, Descriptions, Form, InputNumber, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShowApiError } from '../../components/apiErrors';
import { dayjs } from '../../components/format';
import { DEADLINE_UNITS, type DeadlineUnit, useComputeDeadline } from './api';
import { weekdayOf } from './dates';

interface CalculatorValues {
  start: Dayjs;
  amount: number;
  unit: DeadlineUnit;
}

/**
 * 时限计算: start (a wall time in the company time zone), amount and unit → due time, shown in
 * company time and in UTC. The picker's wall time is read as company time, whatever the browser's zone.
 */
export function DeadlineCalculator({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation('calendar');
  const showError = useShowApiError('calendar');
  const [form] = Form.useForm<CalculatorValues>();
  const compute = useComputeDeadline();
  const unit = Form.useWatch('unit', form);

  const submit = (values: CalculatorValues) => {
    const wall = values.start.format('YYYY-MM-DDTHH:mm:ss');
    const start = dayjs.tz(wall, timeZone).toISOString();
    compute.mutate({ start, amount: values.amount, unit: values.unit }, { onError: (error) => showError(error, { form }) });
  };

  const due = compute.data ? dayjs(compute.data.due).tz(compute.data.timeZone) : null;

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('deadline.intro')}</Typography.Paragraph>
      <Form<CalculatorValues>
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ start: dayjs().tz(timeZone).second(0).millisecond(0), amount: 3, unit: 'working_days' }}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="start" label={t('deadline.start')} rules={[{ required: true, message: t('deadline.startRequired') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('deadline.amount')}
          rules={[
            { required: true, message: t('deadline.amountRequired') },
            {
              validator: async (_, value: number | null) => {
                if (unit === 'working_days' && value !== null && value !== undefined && !Number.isInteger(value)) {
                  throw new Error(t('deadline.wholeDays'));
                }
              },
            },
          ]}
          dependencies={['unit']}
        >
          <InputNumber min={0.01} max={100000} step={1} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="unit" label={t('deadline.unit')} rules={[{ required: true }]}>
          <Select
            style={{ width: 140 }}
            options={DEADLINE_UNITS.map((u) => ({ value: u, label: t(`deadline.unitName.${u}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={compute.isPending}>
            {t('deadline.compute')}
          </Button>
        </Form.Item>
      </Form>
      {compute.data && due && (
        <Descriptions size="small" bordered column={1} style={{ marginTop: 16, maxWidth: 560 }} aria-live="polite">
          <Descriptions.Item label={t('deadline.due')}>
            <Space>
              <Typography.Text strong data-testid="deadline-due">
                {due.format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
              <span>{t(`weekday.long.${weekdayOf(due.format('YYYY-MM-DD'))}`)}</span>
              <Typography.Text type="secondary">{t('deadline.timeZone', { timeZone: compute.data.timeZone })}</Typography.Text>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('deadline.dueUtc')}>
            <Typography.Text code>{compute.data.due}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
