import { ImportOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type CalendarDay, useCalendarSettings, useCalendarYears, useYearDays } from './api';
import { DayModal } from './DayModal';
import { DeadlineCalculator } from './DeadlineCalculator';
import { ImportModal } from './ImportModal';
import { SettingsForm } from './SettingsForm';
import { DAY_COLORS, YearView } from './YearView';

const TABS = ['year', 'settings', 'deadline'] as const;
type TabKey = (typeof TABS)[number];

function Legend() {
  const { t } = useTranslation('calendar');
  const items: { key: string; colors: { background: string; color: string }; mark?: string; border?: string }[] = [
    { key: 'holiday', colors: DAY_COLORS.holiday, mark: t('mark.holiday') },
    { key: 'makeup_workday', colors: DAY_COLORS.makeup_workday, mark: t('mark.makeup_workday') },
    { key: 'weekend', colors: DAY_COLORS.weekend },
    { key: 'weekday', colors: DAY_COLORS.weekday, border: '#d9d9d9' },
    { key: 'today', colors: DAY_COLORS.weekday, border: '#1677ff' },
  ];
  return (
    <Space wrap size={16}>
      {items.map((i) => (
        <Space key={i.key} size={6}>
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              minWidth: 22,
              height: 22,
              lineHeight: '20px',
              textAlign: 'center',
              fontSize: 11,
              borderRadius: 4,
              background: i.colors.background,
              color: i.colors.color,
              border: `1px solid ${i.border ?? i.colors.background}`,
            }}
          >
            {i.mark ?? ''}
          </span>
          <Typography.Text>{t(`legend.${i.key}`)}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

function YearTab({
  year,
  setYear,
  timeZone,
  canWrite,
}: {
  year: number;
  setYear: (y: number) => void;
  timeZone: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation('calendar');
  const days = useYearDays(year);
  const years = useCalendarYears();
  const [open, setOpen] = useState<CalendarDay | null>(null);
  const today = dayjs().tz(timeZone).format('YYYY-MM-DD');
  const currentYear = Number(today.slice(0, 4));

  const yearOptions = useMemo(() => {
    const set = new Set<number>([currentYear - 2, currentYear - 1, currentYear, currentYear + 1, year]);
    for (const y of years.data ?? []) set.add(y.year);
    return [...set].sort((a, b) => a - b).map((y) => ({ value: y, label: String(y) }));
  }, [years.data, currentYear, year]);

  const stats = useMemo(() => {
    const list = days.data ?? [];
    return {
      working: list.filter((d) => d.working).length,
      holidays: list.filter((d) => d.reason === 'holiday').length,
      makeup: list.filter((d) => d.reason === 'makeup_workday').length,
    };
  }, [days.data]);
  const hasHolidayData = (years.data ?? []).some((y) => y.year === year && y.holidays + y.makeupWorkdays > 0);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space>
            <Button icon={<LeftOutlined />} aria-label={t('year.previous')} onClick={() => setYear(year - 1)} />
            <Select
              aria-label={t('year.label')}
              value={year}
              options={yearOptions}
              onChange={(y) => setYear(y)}
              style={{ width: 110 }}
            />
            <Button icon={<RightOutlined />} aria-label={t('year.next')} onClick={() => setYear(year + 1)} />
            {days.data && <Tag>{t('year.summary', stats)}</Tag>}
          </Space>
          <Legend />
        </Flex>
      </Card>
      {years.data && !hasHolidayData && <Alert type="warning" showIcon title={t('year.noData', { year })} />}
      <ApiErrorAlert error={days.error} ns="calendar" onReload={() => void days.refetch()} retry />
      <Typography.Text type="secondary">{canWrite ? t('year.hint') : t('year.hintReadOnly')}</Typography.Text>
      {days.isLoading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : (
        days.data && <YearView year={year} days={days.data} today={today} onOpen={setOpen} />
      )}
      <DayModal day={open} canWrite={canWrite} onClose={() => setOpen(null)} />
    </Space>
  );
}

/** 工作日历: the year as twelve month grids, business hours and weekends, holiday import, a deadline calculator. */
export function CalendarPage() {
  const { t } = useTranslation('calendar');
  const can = useCan();
  const canWrite = can('calendar.write');
  const settings = useCalendarSettings();
  const [params, setParams] = useSearchParams();
  const [importing, setImporting] = useState(false);
  const timeZone = settings.data?.timeZone ?? 'Asia/Shanghai';

  const tabParam = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'year';
  const yearParam = Number(params.get('year'));
  const year =
    Number.isInteger(yearParam) && yearParam >= 1900 && yearParam <= 2200
      ? yearParam
      : Number(dayjs().tz(timeZone).format('YYYY'));

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        subTitle={t('subTitle')}
        extra={
          canWrite && (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              {t('import.button')}
            </Button>
          )
        }
      />
      <ApiErrorAlert error={settings.error} ns="calendar" onReload={() => void settings.refetch()} retry />
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key })}
        items={[
          {
            key: 'year',
            label: t('tab.year'),
            children: (
              <YearTab year={year} setYear={(y) => update({ year: String(y) })} timeZone={timeZone} canWrite={canWrite} />
            ),
          },
          {
            key: 'settings',
            label: t('tab.settings'),
            children: settings.data ? <SettingsForm settings={settings.data} canWrite={canWrite} /> : <Spin />,
          },
          { key: 'deadline', label: t('tab.deadline'), children: <DeadlineCalculator timeZone={timeZone} /> },
        ]}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} defaultYear={year} />
    </>
  );
}
