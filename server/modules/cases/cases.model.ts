import type { Selectable } from 'kysely';
import type { CaseChannel, CaseSeverity, CasesTable, CaseUrgency, WaitingOn } from '../../db/types/cases.js';

/** A case as the services and other modules' hooks see it: camelCase, booleans as booleans. */
export interface CaseRecord {
  id: string;
  number: string;
  type: string;
  state: string;
  channel: CaseChannel;
  customerId: string | null;
  contactId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  unitId: string | null;
  productId: string | null;
  title: string;
  description: string | null;
  faultStartedOn: string | null;
  usageEnvironment: string | null;
  severity: CaseSeverity;
  urgency: CaseUrgency;
  onSiteRequired: boolean;
  ownerId: string;
  regionId: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  waitingOn: WaitingOn | null;
  waitingSince: string | null;
  escalationLevel: number;
  escalated: boolean;
  mergedIntoId: string | null;
  firstRepliedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type CaseRow = Selectable<CasesTable>;

export function toCaseRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    state: row.state,
    channel: row.channel,
    customerId: row.customer_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    unitId: row.unit_id,
    productId: row.product_id,
    title: row.title,
    description: row.description,
    faultStartedOn: row.fault_started_on,
    usageEnvironment: row.usage_environment,
    severity: row.severity,
    urgency: row.urgency,
    onSiteRequired: Boolean(row.on_site_required),
    ownerId: row.owner_id,
    regionId: row.region_id,
    address: row.address,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    waitingOn: row.waiting_on,
    waitingSince: row.waiting_since,
    escalationLevel: Number(row.escalation_level),
    escalated: Boolean(row.escalated),
    mergedIntoId: row.merged_into_id,
    firstRepliedAt: row.first_replied_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    createdBy: row.created_by,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Names of the deadline metrics in Chinese, for timeline texts and alerts. */
export const METRIC_LABELS: Record<string, string> = {
  first_reply: '首次答复',
  customer_contact: '联系客户',
  acknowledge: '受理登记',
  on_site_arrival: '上门到达',
  resolution: '处理完成',
  warranty_reply: '保修答复',
  ship_back: '返厂寄回',
};

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric;
}
