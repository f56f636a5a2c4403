import { Card, Col, Row } from 'antd';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from './api';
import { addDays, monthOf, weekdayOf } from './dates';

/** Monday first, as on Chinese wall calendars. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const DAY_COLORS: Record<CalendarDay['reason'], { background: string; color: string }> = {
  holiday: { background: '#fff1f0', color: '#cf1322' },
  makeup_workday: { background: '#fff7e6', color: '#d46b08' },
  weekend: { background: '#fafafa', color: '#8c8c8c' },
  weekday: { background: '#ffffff', color: 'rgba(0, 0, 0, 0.88)' },
};

export interface YearViewProps {
  year: number;
  days: CalendarDay[];
  /** today in the company time zone, 'YYYY-MM-DD' */
  today: string;
  onOpen: (day: CalendarDay) => void;
}

/** Twelve month grids. One date is in the tab order; the arrow keys move it (±1 day, ±1 week), PageUp/PageDown ±1 month. */
export function YearView({ year, days, today, onOpen }: YearViewProps) {
  const { t } = useTranslation('calendar');
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const [focused, setFocused] = useState(today.startsWith(`${year}-`) ? today : first);
  const moved = useRef(false);
  const cells = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    setFocused(today.startsWith(`${year}-`) ? today : `${year}-01-01`);
  }, [year, today]);

  useEffect(() => {
    if (moved.current) {
      cells.current.get(focused)?.focus();
      moved.current = false;
    }
  }, [focused]);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, date: string) => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    let next: string | null = null;
    if (event.key in step) next = addDays(date, step[event.key]);
    else if (event.key === 'PageUp' || event.key === 'PageDown') {
      const { month, day } = monthOf(date);
      const target = month + (event.key === 'PageUp' ? -1 : 1);
      if (target >= 1 && target <= 12) {
        const lastDay = new Date(Date.UTC(year, target, 0)).getUTCDate();
        next = `${year}-${String(target).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
      }
    } else if (event.key === 'Home') next = `${date.slice(0, 8)}01`;
    else if (event.key === 'End') {
      const { month } = monthOf(date);
      next = `${date.slice(0, 8)}${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
    }
    if (next === null) return;
    event.preventDefault();
    if (next < first || next > last) return;
    moved.current = true;
    setFocused(next);
  };

  return (
    <Row gutter={[12, 12]}>
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
        const firstOfMonth = `${year}-${String(month).padStart(2, '0')}-01`;
        const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const leading = (weekdayOf(firstOfMonth) + 6) % 7;
        return (
          <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
            <Card size="small" title={t(`monthName.${month}`)} styles={{ body: { padding: 8 } }}>
              <fieldset
                aria-label={t(`monthName.${month}`)}
                style={{
                  display: 'grid',
                  gridTemplateColumns: 'repeat(7, 1fr)',
                  gap: 2,
                  border: 0,
                  margin: 0,
                  padding: 0,
                  minWidth: 0,
                }}
              >
                {WEEK_ORDER.map((wd) => (
                  <div
                    key={`h${wd}`}
                    aria-hidden
                    style={{
                      textAlign: 'center',
                      fontSize: 12,
                      color: wd === 0 || wd === 6 ? '#8c8c8c' : '#595959',
                      paddingBottom: 2,
                    }}
                  >
                    {t(`weekday.short.${wd}`)}
                  </div>
                ))}
                {Array.from({ length: daysInMonth }, (_, k) => {
                  const date = `${firstOfMonth.slice(0, 8)}${String(k + 1).padStart(2, '0')}`;
                  const day = byDate.get(date);
                  const reason = day?.reason ?? 'weekday';
                  const colors = DAY_COLORS[reason];
                  const mark = reason === 'holiday' || reason === 'makeup_workday' ? t(`mark.${reason}`) : null;
                  const isToday = date === today;
                  const label = [
                    t('dayLabel', { date, weekday: t(`weekday.long.${weekdayOf(date)}`), reason: t(`reason.${reason}`) }),
                    day?.name ?? '',
                    isToday ? t('legend.today') : '',
                  ]
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <button
                      key={date}
                      type="button"
                      data-date={date}
                      data-reason={reason}
                      aria-label={label}
                      title={day?.name ?? undefined}
                      tabIndex={date === focused ? 0 : -1}
                      disabled={!day}
                      ref={(el) => {
                        if (el) cells.current.set(date, el);
                        else cells.current.delete(date);
                      }}
                      onFocus={() => setFocused(date)}
                      onKeyDown={(e) => onKeyDown(e, date)}
                      onClick={() => day && onOpen(day)}
                      style={{
                        position: 'relative',
                        height: 34,
                        border: isToday ? '1px solid #1677ff' : '1px solid transparent',
                        borderRadius: 4,
                        background: colors.background,
                        color: colors.color,
                        cursor: day ? 'pointer' : 'default',
                        fontSize: 13,
                        fontWeight: isToday ? 600 : 400,
                        padding: 0,
                        gridColumnStart: k === 0 ? leading + 1 : undefined,
                      }}
                    >
                      {k + 1}
                      {mark && (
                        <span aria-hidden style={{ position: 'absolute', top: 0, right: 2, fontSize: 10, lineHeight: '12px' }}>
                          {mark}
                        </span>
                      )}
                    </button>
                  );
                })}
              </fieldset>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
