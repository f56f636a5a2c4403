import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/format';
import type { CaseSummary } from './api';

/**
 * Words for the codes the case API sends (states, actions, metrics of any workflow). A code
 * without a translation shows a generic word, never the code (the code is in the tooltip for support).
 */
function label(t: TFunction, group: string, code: string, unknownKey: string): string {
  const text = t(`cases:${group}.${code}`, { defaultValue: '' });
  return text || t(`cases:${unknownKey}`);
}

export const stateLabel = (t: TFunction, code: string) => label(t, 'state', code, 'stateUnknown');
export const actionLabel = (t: TFunction, code: string) => label(t, 'action', code, 'actionUnknown');
export const metricLabel = (t: TFunction, code: string) => label(t, 'metric', code, 'metricUnknown');

export function useLabels() {
  const { t } = useTranslation('cases');
  return {
    t,
    state: useCallback((code: string) => stateLabel(t, code), [t]),
    action: useCallback((code: string) => actionLabel(t, code), [t]),
    metric: useCallback((code: string) => metricLabel(t, code), [t]),
  };
}

const STATE_COLOUR: Record<string, string> = {
  new: 'blue',
  in_progress: 'processing',
  resolved: 'cyan',
  closed: 'default',
  cancelled: 'default',
  merged: 'default',
};

/** The state of a case as a coloured tag (data-testid case-state). */
export function CaseStateTag({ state }: { state: string }) {
  const { t } = useTranslation('cases');
  const text = stateLabel(t, state);
  const known = !!t(`state.${state}`, { defaultValue: '' });
  const tag = (
    <Tag color={STATE_COLOUR[state] ?? 'geekblue'} data-testid="case-state">
      {text}
    </Tag>
  );
  return known ? tag : <Tooltip title={state}>{tag}</Tooltip>;
}

export function SeverityTag({ severity }: { severity: CaseSummary['severity'] }) {
  const { t } = useTranslation('cases');
  const colour = severity === 'major' ? 'red' : severity === 'important' ? 'orange' : undefined;
  return (
    <Tag color={colour}>
      {t('field.severity')}：{t(`severity.${severity}`)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: CaseSummary['urgency'] }) {
  const { t } = useTranslation('cases');
  const colour = urgency === 'high' ? 'volcano' : undefined;
  return (
    <Tag color={colour}>
      {t('field.urgency')}：{t(`urgency.${urgency}`)}
    </Tag>
  );
}

/** 在保 / 过保 / 保修状态未知, with the reason in the tooltip. */
export function WarrantyTag({
  inWarranty,
  end,
  reason,
}: {
  inWarranty: boolean | null;
  end: string | null;
  /** already translated reason (catalogue default, contract …) */
  reason?: string;
}) {
  const { t } = useTranslation('cases');
  const state = inWarranty === null ? 'unknown' : inWarranty ? 'in' : 'out';
  const colour = state === 'in' ? 'success' : state === 'out' ? 'error' : 'default';
  const until = end ? t('warranty.until', { date: formatDate(end) }) : '';
  const tip = [until, reason].filter(Boolean).join('；');
  return (
    <Tooltip title={tip || undefined}>
      <Tag color={colour} data-testid="warranty-tag">
        {t(`warranty.${state}`)}
      </Tag>
    </Tooltip>
  );
}
