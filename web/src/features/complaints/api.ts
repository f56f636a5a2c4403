import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  capaList,
  capaView,
  complaintCategory,
  complaintCategoryList,
  complaintSettings,
  complaintView,
  confirmationLinkView,
  createCapaRequest,
  createMeetingRequest,
  evidenceItem,
  meetingView,
  monthlyView,
  openComplaintRequest,
  publicConfirmationView,
  resolutionOutcome,
} from '../../../../contracts/complaints';
import { api } from '../../api/client';

/** Types and queries of the complaints API (contracts/complaints.ts). */
export type ComplaintView = z.infer<typeof complaintView>;
export type CapaView = z.infer<typeof capaView>;
export type CapaList = z.infer<typeof capaList>;
export type ComplaintCategory = z.infer<typeof complaintCategory>;
export type CategoryList = z.infer<typeof complaintCategoryList>;
export type ComplaintSettings = z.infer<typeof complaintSettings>;
export type ConfirmationLink = z.infer<typeof confirmationLinkView>;
export type CreateCapaRequest = z.input<typeof createCapaRequest>;
export type CreateMeetingRequest = z.input<typeof createMeetingRequest>;
export type EvidenceItem = z.infer<typeof evidenceItem>;
export type MeetingView = z.infer<typeof meetingView>;
export type MonthlyView = z.infer<typeof monthlyView>;
export type OpenComplaintRequest = z.input<typeof openComplaintRequest>;
export type PublicConfirmation = z.infer<typeof publicConfirmationView>;
export type ResolutionOutcome = z.infer<typeof resolutionOutcome>;

export const VERIFICATION_RESULTS = ['valid', 'not_ours', 'customer_fault', 'third_party'] as const;
export const RESPONSIBILITIES = ['company', 'customer', 'third_party', 'unclear'] as const;
export const EVIDENCE_KINDS = ['repair_record', 'inspection_report', 'customer_statement', 'photo', 'sample', 'other'] as const;
export const CAPA_KINDS = ['corrective', 'preventive', 'process_change'] as const;
export const CAPA_STATES = ['open', 'done', 'verified', 'cancelled'] as const;
/** R-CMP-6: the outcomes that fit each kind of category (the server checks the same). */
export const OUTCOMES_OF_KIND: Record<string, readonly ResolutionOutcome[]> = {
  quality: ['repair', 'replace', 'refund', 'compensation'],
  delivery: ['redelivery', 'compensation', 'apology', 'improvement'],
  service: ['rectification', 'apology', 'improvement'],
  price: ['price_correction', 'explanation', 'refund'],
  infringement: ['stop', 'accountability', 'compensation'],
};
/** Who must act in each state (the server says the same in view.step.actor). */
export const COMPLAINT_STATES = [
  'new',
  'verifying',
  'investigating',
  'planning',
  'plan_review',
  'handling',
  'feedback',
  'awaiting_confirmation',
  'confirmed',
  'closure_review',
  'closed',
  'cancelled',
] as const;

export const complaintKeys = {
  all: ['complaints'] as const,
  detail: (id: string) => ['complaints', 'detail', id] as const,
  categories: ['complaints', 'categories'] as const,
  capa: (filters: object) => ['complaints', 'capa', filters] as const,
  monthly: (month: string) => ['complaints', 'monthly', month] as const,
  settings: ['complaints', 'settings'] as const,
  confirmation: (id: string, token: string) => ['complaint-confirmation', id, token] as const,
};

export function useComplaint(id: string, caseVersion?: number) {
  return useQuery({
    // the case's version in the key: an action on the case page reloads the complaint too
    queryKey: [...complaintKeys.detail(id), caseVersion ?? 0],
    queryFn: () => api.get<ComplaintView>(`/complaints/${id}`),
    placeholderData: keepPreviousData,
  });
}

export function useComplaintCategories() {
  return useQuery({ queryKey: complaintKeys.categories, queryFn: () => api.get<CategoryList>('/complaints/categories'), staleTime: 60_000 });
}

export function useCapaList(filters: { state?: string; overdue?: string }) {
  return useQuery({ queryKey: complaintKeys.capa(filters), queryFn: () => api.get<CapaList>('/complaints/capa', filters) });
}

export function useMonthly(month: string) {
  return useQuery({ queryKey: complaintKeys.monthly(month), queryFn: () => api.get<MonthlyView>('/complaints/monthly', { month }) });
}
