import type { CaseDetail, CaseEvent, CaseSummary, CaseType, DeadlineView } from '../../../contracts/cases.js';
import type { WorkingCalendar } from '../../platform/calendar/index.js';
import type * as repo from './cases.repository.js';
import { displayDeadline } from './sla.deadline.js';

/** Rows → API shapes. Booleans come back as 0/1 on SQLite: always Boolean(x). */

export function presentCaseType(row: repo.CaseTypeRow): CaseType {
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    numberPrefix: row.number_prefix,
    workflow: row.workflow,
    allowAnonymous: Boolean(row.allow_anonymous),
    builtin: Boolean(row.builtin),
    enabled: Boolean(row.enabled),
    sortOrder: Number(row.sort_order),
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

type SummaryRow = repo.CaseRowFull & {
  type_name: string;
  owner_name: string;
  customer_name: string | null;
  unit_serial: string | null;
};

export function presentCaseSummary(
  row: SummaryRow,
  deadlines: { nextDueAt: string | null; overdue: boolean } | undefined,
): CaseSummary {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    typeName: row.type_name,
    state: row.state,
    channel: row.channel,
    title: row.title,
    customerId: row.customer_id,
    customerName: row.customer_name,
    unitId: row.unit_id,
    serialNumber: row.unit_serial,
    severity: row.severity,
    urgency: row.urgency,
    onSiteRequired: Boolean(row.on_site_required),
    owner: { id: row.owner_id, name: row.owner_name },
    waitingOn: row.waiting_on,
    escalated: Boolean(row.escalated),
    escalationLevel: Number(row.escalation_level),
    nextDueAt: deadlines?.nextDueAt ?? null,
    overdue: deadlines?.overdue ?? false,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

export function presentDeadline(row: repo.DeadlineRow, now: Date, cal: WorkingCalendar): DeadlineView {
  const view = displayDeadline(
    {
      unit: row.unit,
      state: row.state,
      dueAt: row.due_at,
      warnAt: row.warn_at,
      pausedAt: row.paused_at,
      remainingMs: row.remaining_ms === null ? null : Number(row.remaining_ms),
      metAt: row.met_at,
      breachedAt: row.breached_at,
    },
    now,
    cal,
  );
  return {
    id: row.id,
    metric: row.metric,
    policyId: row.policy_id,
    amount: Number(row.amount),
    unit: row.unit,
    state: row.state,
    status: view.status,
    startedAt: row.started_at,
    dueAt: row.due_at,
    projectedDueAt: view.projectedDueAt,
    timeLeftMs: view.timeLeftMs,
    unitTimeLeftMs: view.unitTimeLeftMs,
    overdueByMs: view.overdueByMs,
    pausedAt: row.paused_at,
    metAt: row.met_at,
    breachedAt: row.breached_at,
    cancelledAt: row.cancelled_at,
    escalationLevel: Number(row.escalation_level),
    version: Number(row.version),
  };
}

export function presentEvent(row: repo.EventRow): CaseEvent {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    kind: row.kind,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    note: row.note,
    data: row.data ? JSON.parse(row.data) : null,
    visibility: row.visibility,
  };
}

export function presentCaseDetail(
  row: repo.CaseDetailRow,
  parts: {
    deadlines: DeadlineView[];
    allowedActions: string[];
    links: Awaited<ReturnType<typeof repo.linksOf>>;
    mergedFrom: { id: string; number: string }[];
    timeline: CaseEvent[];
    today: string;
  },
): CaseDetail {
  const openDeadlines = parts.deadlines.filter((d) => d.state === 'running' || d.state === 'breached');
  const nextDueAt =
    openDeadlines
      .filter((d) => d.state === 'running' && d.dueAt)
      .map((d) => d.dueAt as string)
      .sort()[0] ?? null;
  const warrantyEnd = row.unit_warranty_end ?? null;
  return {
    ...presentCaseSummary(
      {
        ...row,
        type_name: row.type_name,
        owner_name: row.owner_name,
        customer_name: row.customer_name ?? null,
        unit_serial: row.unit_serial ?? null,
      },
      { nextDueAt, overdue: openDeadlines.some((d) => d.status === 'overdue' || d.status === 'breached') },
    ),
    workflow: row.workflow,
    contactId: row.contact_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    productId: row.product_id,
    description: row.description,
    faultStartedOn: row.fault_started_on,
    usageEnvironment: row.usage_environment,
    regionId: row.region_id,
    address: row.address,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    waitingSince: row.waiting_since,
    mergedIntoId: row.merged_into_id,
    mergedInto: row.merged_into_id ? { id: row.merged_into_id, number: row.merged_into_number ?? '' } : null,
    mergedFrom: parts.mergedFrom,
    firstRepliedAt: row.first_replied_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    createdBy: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
    customer: row.customer_id
      ? {
          id: row.customer_id,
          code: row.customer_code ?? '',
          name: row.customer_name ?? '',
          class: row.customer_class ?? 'C',
          vip: Boolean(row.customer_vip),
          keyAccount: Boolean(row.customer_key_account),
        }
      : null,
    unit: row.unit_id
      ? {
          id: row.unit_id,
          serialNumber: row.unit_serial ?? '',
          productId: row.unit_product_id ?? '',
          productModel: row.product_model ?? '',
          productName: row.product_name ?? '',
          purchaseDate: row.unit_purchase_date ?? null,
          warrantyEnd,
          inWarranty: warrantyEnd === null ? null : warrantyEnd >= parts.today,
        }
      : null,
    deadlines: parts.deadlines,
    allowedActions: parts.allowedActions,
    links: parts.links.map(({ link, other }) => ({
      linkId: link.id,
      kind: link.kind,
      caseId: other.id,
      number: other.number,
      title: other.title,
      state: other.state,
      createdAt: link.created_at,
    })),
    timeline: parts.timeline,
  };
}
