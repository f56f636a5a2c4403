import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Row types of the case core (migration 2026-11-23-21). Times ISO-8601 UTC; dates 'YYYY-MM-DD'. */

export type CaseChannel = 'phone' | 'email' | 'portal' | 'chat' | 'im' | 'api' | 'walk_in' | 'followup';
export type CaseSeverity = 'general' | 'important' | 'major';
export type CaseUrgency = 'high' | 'medium' | 'low';
export type WaitingOn = 'customer' | 'parts' | 'third_party';
export type DeadlineUnit = 'clock_hours' | 'business_hours' | 'working_days';
export type DeadlineRowState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface CaseTypesTable {
  code: string;
  name_zh: string;
  name_en: string;
  number_prefix: string;
  workflow: string;
  allow_anonymous: Generated<Bool>;
  builtin: Generated<Bool>;
  enabled: Generated<Bool>;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CasesTable {
  id: string;
  number: string;
  type: string;
  state: string;
  channel: CaseChannel;
  customer_id: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  unit_id: string | null;
  product_id: string | null;
  title: string;
  description: string | null;
  fault_started_on: string | null;
  usage_environment: string | null;
  severity: Generated<CaseSeverity>;
  urgency: Generated<CaseUrgency>;
  on_site_required: Generated<Bool>;
  owner_id: string;
  region_id: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  waiting_on: WaitingOn | null;
  waiting_since: string | null;
  escalation_level: Generated<number>;
  escalated: Generated<Bool>;
  merged_into_id: string | null;
  first_replied_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  /** JSON object or null */
  data: string | null;
  visibility: Generated<'internal' | 'customer'>;
}

export interface CaseLinksTable {
  id: string;
  /** the smaller id of the pair */
  case_id: string;
  other_case_id: string;
  kind: 'duplicate' | 'related';
  created_by: string | null;
  created_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  case_type: string;
  severity: CaseSeverity | null;
  urgency: CaseUrgency | null;
  metric: string;
  amount: number;
  unit: DeadlineUnit;
  warn_before_minutes: Generated<number>;
  escalate_after_minutes: Generated<number>;
  starts_at_open: Generated<Bool>;
  enabled: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CaseDeadlinesTable {
  id: string;
  case_id: string;
  metric: string;
  policy_id: string | null;
  amount: number;
  unit: DeadlineUnit;
  warn_before_minutes: Generated<number>;
  escalate_after_minutes: Generated<number>;
  started_at: string;
  due_at: string | null;
  warn_at: string | null;
  state: Generated<DeadlineRowState>;
  paused_at: string | null;
  remaining_ms: number | null;
  met_at: string | null;
  breached_at: string | null;
  cancelled_at: string | null;
  escalation_level: Generated<number>;
  generation: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CasesTables {
  case_types: CaseTypesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_links: CaseLinksTable;
  sla_policies: SlaPoliciesTable;
  case_deadlines: CaseDeadlinesTable;
}
