import type { z } from 'zod';
import type {
  answerSurveyRequest,
  attempt,
  campaign,
  campaignStats,
  followupChannel,
  followupRates,
  followupRule,
  followupSettings,
  followupTask,
  publicSurvey,
  question,
  questionnaire,
  recordAttemptRequest,
  taskDetail,
  updateRuleRequest,
} from '../../../../contracts/followups';

/** Types of the follow-up API (contracts/followups.ts). */
export type FollowupTask = z.infer<typeof followupTask>;
export type TaskDetail = z.infer<typeof taskDetail>;
export type Attempt = z.infer<typeof attempt>;
export type FollowupRule = z.infer<typeof followupRule>;
export type UpdateRuleRequest = z.input<typeof updateRuleRequest>;
export type FollowupSettings = z.infer<typeof followupSettings>;
export type RecordAttemptRequest = z.input<typeof recordAttemptRequest>;
export type Question = z.infer<typeof question>;
export type Questionnaire = z.infer<typeof questionnaire>;
export type PublicSurvey = z.infer<typeof publicSurvey>;
export type AnswerSurveyRequest = z.input<typeof answerSurveyRequest>;
export type FollowupRates = z.infer<typeof followupRates>;
export type Campaign = z.infer<typeof campaign>;
export type CampaignStats = z.infer<typeof campaignStats>;
export type FollowupChannel = z.infer<typeof followupChannel>;

export const CHANNELS: readonly FollowupChannel[] = ['phone', 'sms', 'email', 'im', 'letter', 'on_site'];

export const followupKeys = {
  all: ['followups'] as const,
  queue: (date: string) => ['followups', 'queue', date] as const,
  task: (id: string) => ['followups', 'task', id] as const,
  rules: ['followups', 'rules'] as const,
  settings: ['followups', 'settings'] as const,
  rates: (from: string, to: string) => ['followups', 'rates', from, to] as const,
  campaigns: ['followups', 'campaigns'] as const,
  campaign: (id: string) => ['followups', 'campaign', id] as const,
  questionnaires: ['followups', 'questionnaires'] as const,
};
