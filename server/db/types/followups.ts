import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Row types of follow-ups and satisfaction (migration 2026-11-23-28). Times ISO-8601 UTC; dates 'YYYY-MM-DD'. */

export type FollowupChannel = 'phone' | 'sms' | 'email' | 'im' | 'letter' | 'on_site';
export type FollowupTrigger =
  | 'case_closed'
  | 'complaint_closure'
  | 'first_purchase'
  | 'customer_cadence'
  | 'unit_cadence'
  | 'account_cadence'
  | 'maintenance_done'
  | 'project_milestone';
export type FollowupAssignee = 'agent' | 'supervisor' | 'manager' | 'by_severity';
export type TimeUnit = 'hours' | 'days' | 'months';
export type FollowupTaskState = 'pending' | 'done' | 'unreached' | 'merged' | 'skipped' | 'cancelled';

export interface QuestionnairesTable {
  id: string;
  code: string;
  name: string;
  intro: string | null;
  script: string | null;
  /** JSON array of questions */
  questions: string;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface FollowupRulesTable {
  id: string;
  code: string;
  name: string;
  trigger_kind: FollowupTrigger;
  /** JSON object */
  conditions: Generated<string>;
  delay_amount: Generated<number>;
  delay_unit: TimeUnit;
  window_amount: number;
  window_unit: TimeUnit;
  channel: FollowupChannel;
  assignee: FollowupAssignee;
  sampling_percent: Generated<number>;
  target_percent: Generated<number>;
  questionnaire_id: string | null;
  priority: Generated<number>;
  case_demanded: Generated<Bool>;
  restricted: Generated<Bool>;
  enabled: Generated<Bool>;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface FollowupTasksTable {
  id: string;
  rule_id: string | null;
  source_key: string;
  purpose: Generated<'follow_up' | 'survey'>;
  customer_id: string;
  case_id: string | null;
  unit_id: string | null;
  order_id: string | null;
  previous_task_id: string | null;
  round: Generated<number>;
  anchor_at: string;
  planned_at: string;
  due_by: string;
  due_at: string;
  channel: FollowupChannel;
  assignee_role: string;
  assignee_id: string | null;
  priority: Generated<number>;
  questionnaire_id: string | null;
  case_demanded: Generated<Bool>;
  restricted: Generated<Bool>;
  state: FollowupTaskState;
  state_reason: string | null;
  merged_into_id: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  reached: Bool | null;
  score: number | null;
  opened_case_id: string | null;
  done_at: string | null;
  done_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface FollowupAttemptsTable {
  id: string;
  task_id: string;
  attempt_no: number;
  channel: FollowupChannel;
  reached: Bool;
  /** JSON object question key → answer */
  answers: string | null;
  questionnaire_score: number | null;
  score: number | null;
  problems: string | null;
  problem_resolved: Bool | null;
  suggestions: string | null;
  note: string | null;
  signer_name: string | null;
  signature: string | null;
  next_attempt_at: string | null;
  opened_case_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface SurveyCampaignsTable {
  id: string;
  name: string;
  year: number;
  questionnaire_id: string;
  min_transactions: number;
  response_target_percent: number;
  satisfied_score: number;
  state: 'draft' | 'running' | 'closed';
  started_at: string | null;
  closes_at: string | null;
  closed_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SurveyInvitationsTable {
  id: string;
  campaign_id: string | null;
  task_id: string | null;
  customer_id: string;
  questionnaire_id: string;
  source_key: string;
  recipient: string | null;
  expires_at: string;
  sent_at: string | null;
  reminded_at: string | null;
  answered_at: string | null;
  answered_via: 'link' | 'agent' | null;
  answers: string | null;
  score: number | null;
  opened_case_id: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SurveyItemActionsTable {
  id: string;
  campaign_id: string;
  question_key: string;
  cause: string | null;
  corrective_action: string | null;
  reply: string | null;
  replied_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface FollowupReviewsTable {
  id: string;
  agent_id: string | null;
  period_from: string;
  period_to: string;
  comment: string;
  reviewed_by: string;
  reviewed_at: string;
}

export interface FollowupsTables {
  questionnaires: QuestionnairesTable;
  followup_rules: FollowupRulesTable;
  followup_tasks: FollowupTasksTable;
  followup_attempts: FollowupAttemptsTable;
  survey_campaigns: SurveyCampaignsTable;
  survey_invitations: SurveyInvitationsTable;
  survey_item_actions: SurveyItemActionsTable;
  followup_reviews: FollowupReviewsTable;
}
