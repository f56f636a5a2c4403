import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Flex, Form, Input, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { type CalendarSettings, useUpdateSettings } from './api';

interface Window {
  start: string;
  end: string;
}

interface SettingsValues {
  timeZone: string;
  businessHours: Window[];
  weekendDays: number[];
  weekdayHours: { weekday: number; windows: Window[] }[];
}

const HHMM = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;
const FALLBACK_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
];

function minutes(hm: string): number {
  return hm === '24:00' ? 1440 : Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
}

/** The same rule as the server: sorted, non-overlapping, each ending after it starts. */
function windowProblem(windows: Window[] | undefined): 'needWindow' | 'endAfterStart' | 'overlap' | null {
  if (!windows?.length) return 'needWindow';
  let previousEnd = -1;
  for (const w of windows) {
    if (!w || !HHMM.test(w.start ?? '') || !HHMM.test(w.end ?? '')) return null; // the field rules say it
    if (minutes(w.start) >= minutes(w.end)) return 'endAfterStart';
    if (minutes(w.start) < previousEnd) return 'overlap';
    previousEnd = minutes(w.end);
  }
  return null;
}

function WindowsList({ name, label, help }: { name: (string | number)[]; label?: string; help?: string }) {
  const { t } = useTranslation('calendar');
  const timeRules: Rule[] = [
    { required: true, message: t('settings.timeFormat') },
    { pattern: HHMM, message: t('settings.timeFormat') },
  ];
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, windows: Window[]) => {
            const problem = windowProblem(windows);
            if (problem) throw new Error(t(`settings.${problem}`));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={label} extra={help} required={!!label}>
          {fields.map((field, index) => (
            <Space key={field.key} align="baseline" wrap>
              <Typography.Text type="secondary">{t('settings.window', { index: index + 1 })}</Typography.Text>
              <Form.Item name={[field.name, 'start']} rules={timeRules} validateTrigger="onBlur">
                <Input
                  aria-label={`${t('settings.window', { index: index + 1 })} ${t('settings.start')}`}
                  placeholder="09:00"
                  style={{ width: 90 }}
                  maxLength={5}
                />
              </Form.Item>
              <span>–</span>
              <Form.Item name={[field.name, 'end']} rules={timeRules} validateTrigger="onBlur">
                <Input
                  aria-label={`${t('settings.window', { index: index + 1 })} ${t('settings.end')}`}
                  placeholder="18:00"
                  style={{ width: 90 }}
                  maxLength={5}
                />
              </Form.Item>
              {fields.length > 1 && (
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('common:button.remove')}
                  onClick={() => remove(field.name)}
                />
              )}
            </Space>
          ))}
          <div>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ start: '', end: '' })}
              disabled={fields.length >= 8}
            >
              {t('settings.addWindow')}
            </Button>
          </div>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function SettingsForm({ settings, canWrite }: { settings: CalendarSettings; canWrite: boolean }) {
  const { t } = useTranslation('calendar');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('calendar');
  const [form] = Form.useForm<SettingsValues>();
  const update = useUpdateSettings();

  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : FALLBACK_ZONES;
    const list = all.includes(settings.timeZone) ? all : [settings.timeZone, ...all];
    return list.map((z) => ({ value: z, label: z }));
  }, [settings.timeZone]);

  useEffect(() => {
    form.setFieldsValue({
      timeZone: settings.timeZone,
      businessHours: settings.businessHours,
      weekendDays: settings.weekendDays,
      weekdayHours: settings.weekdayHours,
    });
  }, [settings, form]);

  const save = (values: SettingsValues) =>
    update.mutate(
      {
        timeZone: values.timeZone,
        businessHours: values.businessHours.map(({ start, end }) => ({ start, end })),
        weekendDays: values.weekendDays ?? [],
        weekdayHours: (values.weekdayHours ?? []).map((w) => ({
          weekday: w.weekday,
          windows: w.windows.map(({ start, end }) => ({ start, end })),
        })),
        version: settings.version,
      },
      {
        onSuccess: () => void message.success(t('settings.saved')),
        onError: (error) =>
          showError(error, { form, onReload: () => void queryClient.invalidateQueries({ queryKey: ['calendar'] }) }),
      },
    );

  return (
    <Card size="small">
      <Form<SettingsValues> form={form} layout="vertical" onFinish={save} disabled={!canWrite} style={{ maxWidth: 720 }}>
        <Form.Item name="timeZone" label={t('settings.timeZone')} extra={t('settings.timeZoneHelp')} rules={[{ required: true }]}>
          <Select showSearch options={zones} style={{ maxWidth: 320 }} />
        </Form.Item>
        <WindowsList name={['businessHours']} label={t('settings.businessHours')} help={t('settings.businessHoursHelp')} />
        <Form.Item
          name="weekendDays"
          label={t('settings.weekendDays')}
          rules={[
            {
              validator: async (_, value: number[] | undefined) => {
                if ((value?.length ?? 0) >= 7) throw new Error(t('settings.needWorkday'));
              },
            },
          ]}
        >
          <Checkbox.Group options={WEEKDAYS.map((wd) => ({ value: wd, label: t(`weekday.long.${wd}`) }))} />
        </Form.Item>
        <Form.List name="weekdayHours">
          {(fields, { add, remove }) => (
            <Form.Item label={t('settings.weekdayHours')} extra={t('settings.weekdayHoursHelp')}>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                  <Flex gap={8} align="baseline" wrap>
                    <Form.Item name={[field.name, 'weekday']} label={t('settings.weekday')} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 120 }}
                        options={WEEKDAYS.map((wd) => ({ value: wd, label: t(`weekday.long.${wd}`) }))}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('common:button.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                  <WindowsList name={[field.name, 'windows']} />
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ weekday: 6, windows: [{ start: '09:00', end: '12:00' }] })}
                disabled={fields.length >= 7}
              >
                {t('settings.addWeekday')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        {canWrite && (
          <Flex gap={12} align="center">
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('common:button.save')}
            </Button>
            {settings.updatedAt && (
              <Typography.Text type="secondary">
                {t('settings.lastUpdated', { time: formatDateTime(settings.updatedAt) })}
              </Typography.Text>
            )}
          </Flex>
        )}
      </Form>
    </Card>
  );
}
