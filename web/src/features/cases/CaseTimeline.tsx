import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { type CaseEvent, caseKeys, type TimelinePage } from './api';
import { actionLabel, metricLabel, stateLabel } from './labels';

type Data = Record<string, unknown> | null;
const obj = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

interface Described {
  title: string;
  lines: React.ReactNode[];
  colour: string;
}

/** What an event says, in words (no codes): title, details, dot colour. Exported for tests. */
export function describeEvent(e: CaseEvent, t: TFunction): Described {
  const data = obj(e.data);
  const lines: React.ReactNode[] = [];
  const metric = str(data?.metric);
  const metricText = metric ? metricLabel(t, metric) : '';
  let title: string;
  let colour = 'gray';
  switch (e.kind) {
    case 'created': {
      title = t('cases:event.created');
      colour = 'blue';
      const channel = str(data?.channel);
      if (channel) lines.push(`${t('cases:field.channel')}：${t(`cases:channel.${channel}`, { defaultValue: '' })}`);
      break;
    }
    case 'action':
      title = e.action ? actionLabel(t, e.action) : t('cases:event.unknown');
      colour = 'blue';
      break;
    case 'assigned': {
      title = t('cases:event.assigned');
      const from = str(obj(data?.from)?.name);
      const to = str(obj(data?.to)?.name);
      if (to) lines.push(`${from ?? '—'} → ${to}`);
      break;
    }
    case 'note':
      title = t('cases:event.note');
      break;
    case 'linked': {
      title = t('cases:event.linked');
      const other = str(data?.otherNumber);
      const otherId = str(data?.otherId);
      const kind = str(data?.kind);
      if (other)
        lines.push(
          <span key="link">
            {kind ? `${t(`cases:detail.linkKinds.${kind}`, { defaultValue: '' })} ` : ''}
            {otherId ? <Link to={`/cases/${otherId}`}>{other}</Link> : other}
          </span>,
        );
      break;
    }
    case 'merged': {
      title = t('cases:event.merged');
      const into = obj(data?.into);
      const from = obj(data?.from);
      if (into && str(into.number))
        lines.push(
          <span key="into">
            → <Link to={`/cases/${str(into.id)}`}>{str(into.number)}</Link>
          </span>,
        );
      if (from && str(from.number))
        lines.push(
          <span key="from">
            <Link to={`/cases/${str(from.id)}`}>{str(from.number)}</Link> →
          </span>,
        );
      break;
    }
    case 'paused': {
      title = t('cases:event.paused');
      colour = 'orange';
      const reason = str(data?.reason);
      if (reason) lines.push(t(`cases:waitingOn.${reason}`, { defaultValue: '' }));
      break;
    }
    case 'resumed':
      title = t('cases:event.resumed');
      colour = 'green';
      break;
    case 'deadline_started':
    case 'deadline_met':
    case 'deadline_cancelled':
    case 'deadline_warning':
    case 'deadline_breached':
    case 'escalated': {
      title = `${t(`cases:event.${e.kind}`)}${metricText ? `：${metricText}` : ''}`;
      colour =
        e.kind === 'deadline_met'
          ? 'green'
          : e.kind === 'deadline_warning'
            ? 'orange'
            : e.kind === 'deadline_breached' || e.kind === 'escalated'
              ? 'red'
              : 'gray';
      const due = str(data?.dueAt);
      if (due && e.kind !== 'deadline_met') lines.push(t('cases:detail.due', { time: formatDateTime(due) }));
      if (e.kind === 'deadline_met' && data?.late === true) lines.push(t('cases:deadlineStatus.met_late'));
      const notified = Array.isArray(data?.notified)
        ? (data.notified as unknown[]).map((n) => str(obj(n)?.name)).filter(Boolean)
        : [];
      if (notified.length) lines.push(`→ ${notified.join('、')}`);
      break;
    }
    case 'dispatched':
    case 'rescheduled': {
      title = t(`cases:event.${e.kind}`);
      colour = 'blue';
      const tech = obj(data?.technician);
      const window = obj(data?.window) ?? obj(data?.to);
      const who = [str(tech?.name), str(tech?.phone)].filter(Boolean).join(' ');
      const start = str(window?.start);
      const end = str(window?.end);
      const when = start && end ? `${formatDateTime(start)} – ${formatDateTime(end, 'HH:mm')}` : '';
      const text = [who, when].filter(Boolean).join(' · ');
      if (text) lines.push(text);
      break;
    }
    case 'rework': {
      title = t('cases:event.rework');
      colour = 'red';
      const count = data?.reworkCount;
      if (typeof count === 'number') lines.push(t('cases:repairPanel.reworkCount', { count }));
      break;
    }
    default:
      title =
        t(`cases:event.${e.kind}`, { defaultValue: '' }) || (e.action ? actionLabel(t, e.action) : t('cases:event.unknown'));
  }
  if (e.fromState && e.toState && e.fromState !== e.toState) {
    lines.push(
      t('cases:event.stateChange', {
        from: stateLabel(t, e.fromState),
        to: stateLabel(t, e.toState),
      }),
    );
  }
  return { title, lines, colour };
}

function EventItem({ event, caseId }: { event: CaseEvent; caseId: string }) {
  const { t } = useTranslation('cases');
  const { title, lines } = describeEvent(event, t);
  return (
    <Flex vertical gap={2} data-testid="timeline-event">
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {event.actorId ? event.actorLabel : event.actorLabel || t('event.system')} · {formatDateTime(event.at)}
        </Typography.Text>
        {event.caseId !== caseId && <Tag color="purple">{t('event.fromMerged', { number: event.caseNumber })}</Tag>}
        {event.visibility === 'customer' && <Tag color="cyan">{t('event.customerVisible')}</Tag>}
      </Flex>
      {lines.map((line, i) => (
        <Typography.Text key={i} type="secondary">
          {line}
        </Typography.Text>
      ))}
      {event.note && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{event.note}</Typography.Paragraph>
      )}
    </Flex>
  );
}

/**
 * 处理记录: every event newest first, with who, when, the note and from → to; events of cases
 * merged into this one are marked with their number. The case page gives the newest 200; the whole
 * history pages through GET /cases/:id/timeline.
 */
export function CaseTimeline({ caseId, events }: { caseId: string; events: CaseEvent[] }) {
  const { t } = useTranslation('cases');
  const [full, setFull] = useState(false);
  const history = useInfiniteQuery({
    queryKey: caseKeys.timeline(caseId),
    queryFn: ({ pageParam }) =>
      api.get<TimelinePage>(`/cases/${caseId}/timeline`, {
        cursor: pageParam,
        limit: 200,
        sort: '-at',
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: full,
  });
  const shown = full && history.data ? history.data.pages.flatMap((p) => p.items) : [...events].reverse();
  if (!shown.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <>
      <Timeline
        data-testid="case-timeline"
        items={shown.map((e) => ({
          key: e.id,
          color: describeEvent(e, t).colour,
          content: <EventItem event={e} caseId={caseId} />,
        }))}
      />
      {!full && events.length >= 200 && <Button onClick={() => setFull(true)}>{t('detail.fullTimeline')}</Button>}
      {full && history.hasNextPage && (
        <Button loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {t('common:button.loadMore')}
        </Button>
      )}
    </>
  );
}
