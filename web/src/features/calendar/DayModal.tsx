import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Popconfirm, Radio, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowApiError } from '../../components/apiErrors';
import { type CalendarDay, type SetDay, useResetDay, useSetDay } from './api';
import { weekdayOf } from './dates';
import { DAY_COLORS } from './YearView';

interface DayForm {
  kind: SetDay['kind'];
  name: string;
}

export function ReasonTag({ reason }: { reason: CalendarDay['reason'] }) {
  const { t } = useTranslation('calendar');
  const colors = DAY_COLORS[reason];
  return (
    <Tag style={{ background: colors.background, color: colors.color, borderColor: colors.color }}>{t(`reason.${reason}`)}</Tag>
  );
}

/** View a date; with calendar.write also make it a holiday / make-up working day, or back to normal. */
export function DayModal({ day, canWrite, onClose }: { day: CalendarDay | null; canWrite: boolean; onClose: () => void }) {
  const { t } = useTranslation('calendar');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('calendar');
  const [form] = Form.useForm<DayForm>();
  const setDay = useSetDay();
  const resetDay = useResetDay();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!day) return;
    form.setFieldsValue({
      kind: day.reason === 'holiday' || day.reason === 'weekday' ? 'holiday' : 'workday',
      name: day.name ?? '',
    });
  }, [day, form]);

  if (!day) return null;
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['calendar'] });
    onClose();
  };
  const hasOverride = day.source !== null && (day.reason === 'holiday' || day.reason === 'makeup_workday');
  const weekday = t(`weekday.long.${weekdayOf(day.date)}`);

  const save = (values: DayForm) =>
    setDay.mutate(
      {
        date: day.date,
        body: { kind: values.kind, name: values.name.trim(), ...(day.version !== null ? { version: day.version } : {}) },
      },
      {
        onSuccess: () => {
          void message.success(t('day.saved', { date: day.date }));
          onClose();
        },
        onError: (error) => showError(error, { form, onReload: reload }),
      },
    );

  const reset = () =>
    resetDay.mutate(
      { date: day.date, version: day.version },
      {
        onSuccess: () => {
          void message.success(t('day.resetDone', { date: day.date }));
          onClose();
        },
        onError: (error) => showError(error, { onReload: reload }),
      },
    );

  return (
    <Modal
      open
      title={t('day.title', { date: day.date, weekday })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        canWrite
          ? [
              hasOverride && (
                <Popconfirm
                  key="reset"
                  title={t('day.resetConfirm')}
                  onConfirm={reset}
                  okText={t('common:button.ok')}
                  cancelText={t('common:button.cancel')}
                >
                  <Button danger loading={resetDay.isPending}>
                    {t('day.reset')}
                  </Button>
                </Popconfirm>
              ),
              <Button key="cancel" onClick={onClose}>
                {t('common:button.cancel')}
              </Button>,
              <Button key="save" type="primary" loading={setDay.isPending} onClick={() => form.submit()}>
                {t('common:button.save')}
              </Button>,
            ]
          : [
              <Button key="close" onClick={onClose}>
                {t('common:button.close')}
              </Button>,
            ]
      }
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('day.status')}>
          <ReasonTag reason={day.reason} />
        </Descriptions.Item>
        <Descriptions.Item label={t('day.working')}>
          {day.working ? t('common:state.yes') : t('common:state.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('day.name')}>{day.name ?? t('source.none')}</Descriptions.Item>
        <Descriptions.Item label={t('day.source')}>{day.source ? t(`source.${day.source}`) : t('source.none')}</Descriptions.Item>
      </Descriptions>
      {canWrite ? (
        <Form<DayForm> form={form} layout="vertical" onFinish={save}>
          <Form.Item name="kind" label={t('day.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'holiday', label: t('day.kindHoliday') },
                { value: 'workday', label: t('day.kindWorkday') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('day.name')}
            rules={[
              { required: true, whitespace: true, message: t('day.nameRequired') },
              { max: 100, message: t('common:field.maxLength', { count: 100 }) },
            ]}
          >
            <Input
              autoFocus
              maxLength={100}
              placeholder={kind === 'workday' ? t('day.namePlaceholderWorkday') : t('day.namePlaceholderHoliday')}
            />
          </Form.Item>
        </Form>
      ) : (
        <Alert type="info" showIcon title={t('day.readOnly')} />
      )}
    </Modal>
  );
}
