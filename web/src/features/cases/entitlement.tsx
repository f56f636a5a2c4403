import { useQuery } from '@tanstack/react-query';
import { Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { entitlementMessage, unitEntitlement } from '../../../../contracts/warranty';
import { api } from '../../api/client';
import { formatDate } from '../../components/format';
import { WarrantyTag } from './labels';

type UnitEntitlement = z.infer<typeof unitEntitlement>;
type EntitlementMessage = z.infer<typeof entitlementMessage>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One entitlement message in words (dates as dates, nothing left as a code). Exported for tests. */
export function entitlementText(m: EntitlementMessage, t: TFunction): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params)) {
    if (v === null) continue;
    params[k] = typeof v === 'string' && DATE.test(v) ? formatDate(v) : v;
  }
  if (m.code === 'out_of_warranty' && !params.endedOn) return t('cases:entitlement.out_of_warranty_plain');
  let text = t(`cases:entitlement.${m.code}`, { ...params, defaultValue: '' });
  if (m.code === 'contract_override' && typeof m.params.reason === 'string' && m.params.reason) text += `（${m.params.reason}）`;
  return text;
}

/** The warranty module's decision for a unit (GET /units/:id/entitlement), when the server has it. */
export function useUnitEntitlement(unitId: string | null | undefined) {
  return useQuery({
    queryKey: ['warranty', 'entitlement', unitId ?? ''],
    queryFn: () => api.get<UnitEntitlement>(`/units/${unitId}/entitlement`),
    enabled: !!unitId,
    retry: false,
    staleTime: 60_000,
  });
}

/**
 * 保修判定 of a unit: 在保 / 过保 / 未知 and why (catalogue default, contract, proof of purchase,
 * post-repair warranty). Falls back to the unit's own warranty end when the entitlement endpoint
 * is not available.
 */
export function UnitEntitlementView({
  unitId,
  fallback,
}: {
  unitId: string;
  fallback: { inWarranty: boolean | null; end: string | null; reason?: string };
}) {
  const { t } = useTranslation('cases');
  const entitlement = useUnitEntitlement(unitId);
  const e = entitlement.data?.entitlement;
  if (!e) {
    return (
      <Flex gap={4} wrap align="center">
        <WarrantyTag inWarranty={fallback.inWarranty} end={fallback.end} reason={fallback.reason} />
        {fallback.end && (
          <Typography.Text type="secondary">{t('warranty.until', { date: formatDate(fallback.end) })}</Typography.Text>
        )}
        {fallback.reason && <Typography.Text type="secondary">{fallback.reason}</Typography.Text>}
      </Flex>
    );
  }
  const lines = e.messages.map((m) => entitlementText(m, t)).filter(Boolean);
  return (
    <Flex vertical gap={2} data-testid="entitlement">
      <span>
        <WarrantyTag inWarranty={e.inWarranty} end={e.coveredUntil} />
      </span>
      {lines.map((line) => (
        <Typography.Text key={line} type="secondary" style={{ fontSize: 12 }}>
          {line}
        </Typography.Text>
      ))}
    </Flex>
  );
}
