import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Row types of the complaint tables (migration 2026-11-23-27-complaints). JSON columns are text. */

export type ComplaintResolutionKind = 'quality' | 'delivery' | 'service' | 'price' | 'infringement';

export interface ComplaintCategoriesTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  parent_id: string | null;
  resolution_kind: ComplaintResolutionKind | null;
  sort_order: Generated<number>;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ComplaintsTable {
  id: string;
  case_id: string;
  category_id: string | null;
  subcategory_id: string | null;
  anonymous: Generated<Bool>;
  written_reply_only: Generated<Bool>;
  batch_number: string | null;
  verification_result: 'valid' | 'not_ours' | 'customer_fault' | 'third_party' | null;
  verification_facts: string | null;
  verified_at: string | null;
  verified_by: string | null;
  evidence: string | null;
  root_cause: string | null;
  responsibility: 'company' | 'customer' | 'third_party' | 'unclear' | null;
  responsible_departments: string | null;
  gm_decision: string | null;
  gm_decided_by: string | null;
  gm_decided_at: string | null;
  meeting: string | null;
  investigated_at: string | null;
  investigated_by: string | null;
  resolution_outcomes: string | null;
  resolution_note: string | null;
  /** the agreed compensation (fen), when the outcomes include compensation */
  compensation_fen: number | null;
  result_text: string | null;
  result_sent_at: string | null;
  rounds: Generated<number>;
  unsatisfied_count: Generated<number>;
  confirmed_at: string | null;
  confirmed_via: 'link' | 'call' | 'written_reply' | null;
  confirmation_note: string | null;
  closure_reason: string | null;
  extension_state: 'requested' | 'approved' | 'rejected' | null;
  extension_reason: string | null;
  extension_requested_by: string | null;
  extension_requested_at: string | null;
  extension_decided_by: string | null;
  extension_decided_at: string | null;
  extension_comment: string | null;
  task_force: string | null;
  management_notified_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ComplaintMeetingsTable {
  id: string;
  month: string;
  held_on: string;
  topics: string;
  attendees: string | null;
  minutes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type ComplaintActionKind = 'corrective' | 'preventive' | 'process_change';
export type ComplaintActionState = 'open' | 'done' | 'verified' | 'cancelled';

export interface ComplaintActionsTable {
  id: string;
  case_id: string | null;
  meeting_id: string | null;
  kind: ComplaintActionKind;
  description: string;
  owner_id: string;
  department_id: string | null;
  due_on: string;
  state: ComplaintActionState;
  evidence: string | null;
  done_at: string | null;
  verified_by: string | null;
  verified_at: string | null;
  verification_note: string | null;
  overdue_at: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type ComplaintSignatureStep = 'action_plan' | 'countersign' | 'tracking_sheet' | 'closure' | 'cause_decision' | 'extension';

export interface ComplaintSignaturesTable {
  id: string;
  case_id: string;
  step: ComplaintSignatureStep;
  decision: 'approved' | 'rejected';
  department_id: string | null;
  signer_id: string;
  comment: string | null;
  signed_at: string;
  superseded_at: string | null;
}

export interface ComplaintConfirmationLinksTable {
  id: string;
  case_id: string;
  round: number;
  expires_at: string;
  used_at: string | null;
  result: 'confirmed' | 'rejected' | null;
  reason: string | null;
  revoked_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ComplaintsTables {
  complaint_categories: ComplaintCategoriesTable;
  complaints: ComplaintsTable;
  complaint_meetings: ComplaintMeetingsTable;
  complaint_actions: ComplaintActionsTable;
  complaint_signatures: ComplaintSignaturesTable;
  complaint_confirmation_links: ComplaintConfirmationLinksTable;
}
