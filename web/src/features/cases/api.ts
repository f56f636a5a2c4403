import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  addNoteRequest,
  assignOwnerRequest,
  caseActionRequest,
  caseDetail,
  caseEvent,
  caseListQuery,
  casePage,
  caseQueue,
  caseSettings,
  caseSummary,
  caseType,
  caseTypeList,
  createSlaPolicyRequest,
  deadlineView,
  duplicateCandidate,
  duplicateList,
  linkCasesRequest,
  mergeCaseRequest,
  openCaseRequest,
  openCaseResponse,
  putCaseTypeRequest,
  slaPolicy,
  slaPolicyList,
  timelinePage,
  updateCaseSettingsRequest,
  updateSlaPolicyRequest,
} from '../../../../contracts/cases';
import type { customerDetail, lookupResult, unitDetail } from '../../../../contracts/customers';
import type { userPage } from '../../../../contracts/staff';
import { api } from '../../api/client';

/** Types and queries of the case core API (contracts/cases.ts) and what the case pages read elsewhere. */
export type CaseSummary = z.infer<typeof caseSummary>;
export type CaseDetail = z.infer<typeof caseDetail>;
export type CasePage = z.infer<typeof casePage>;
export type CaseListQuery = z.input<typeof caseListQuery>;
export type CaseQueue = z.infer<typeof caseQueue>;
export type CaseEvent = z.infer<typeof caseEvent>;
export type TimelinePage = z.infer<typeof timelinePage>;
export type DeadlineView = z.infer<typeof deadlineView>;
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;
export type DuplicateList = z.infer<typeof duplicateList>;
export type OpenCaseRequest = z.input<typeof openCaseRequest>;
export type OpenCaseResponse = z.infer<typeof openCaseResponse>;
export type CaseActionRequest = z.input<typeof caseActionRequest>;
export type AssignOwnerRequest = z.input<typeof assignOwnerRequest>;
export type AddNoteRequest = z.input<typeof addNoteRequest>;
export type LinkCasesRequest = z.input<typeof linkCasesRequest>;
export type MergeCaseRequest = z.input<typeof mergeCaseRequest>;
export type CaseType = z.infer<typeof caseType>;
export type CaseTypeList = z.infer<typeof caseTypeList>;
export type PutCaseTypeRequest = z.input<typeof putCaseTypeRequest>;
export type CaseSettings = z.infer<typeof caseSettings>;
export type UpdateCaseSettingsRequest = z.input<typeof updateCaseSettingsRequest>;
export type SlaPolicy = z.infer<typeof slaPolicy>;
export type SlaPolicyList = z.infer<typeof slaPolicyList>;
export type CreateSlaPolicyRequest = z.input<typeof createSlaPolicyRequest>;
export type UpdateSlaPolicyRequest = z.input<typeof updateSlaPolicyRequest>;
export type CustomerDetail = z.infer<typeof customerDetail>;
export type UnitDetail = z.infer<typeof unitDetail>;
export type LookupResult = z.infer<typeof lookupResult>;
export type LookupItem = LookupResult['items'][number];
export type UserPage = z.infer<typeof userPage>;

export const QUEUES = [
  'mine',
  'unassigned',
  'overdue',
  'due_soon',
  'waiting',
  'escalated',
  'all',
] as const satisfies readonly CaseQueue[];
export const CHANNELS = ['phone', 'email', 'portal', 'chat', 'im', 'api', 'walk_in', 'followup'] as const;
export const SEVERITIES = ['general', 'important', 'major'] as const;
export const URGENCIES = ['high', 'medium', 'low'] as const;
export const WAITING_REASONS = ['customer', 'parts', 'third_party'] as const;
export const DEADLINE_UNITS = ['clock_hours', 'business_hours', 'working_days'] as const;
/** Deadline metrics the server's default policies use (a policy may name others; they are shown as typed). */
export const METRICS = [
  'first_reply',
  'customer_contact',
  'acknowledge',
  'on_site_arrival',
  'resolution',
  'warranty_reply',
  'ship_back',
] as const;
/** States of the built-in 'simple' workflow plus 'merged' (other workflows add theirs; see messages). */
export const COMMON_STATES = ['new', 'in_progress', 'resolved', 'closed', 'cancelled', 'merged'] as const;

export const caseKeys = {
  all: ['cases'] as const,
  list: (filters: object) => ['cases', 'list', filters] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  timeline: (id: string) => ['cases', 'timeline', id] as const,
  duplicates: (id: string) => ['cases', 'duplicates', id] as const,
  search: (q: string) => ['cases', 'search', q] as const,
  types: ['case-types'] as const,
  settings: ['case-settings'] as const,
  policies: (filters: object) => ['sla-policies', filters] as const,
  lookup: (q: string) => ['cases', 'customer-lookup', q] as const,
  customer: (id: string) => ['customers', 'detail', id] as const,
  unit: (id: string) => ['units', 'detail', id] as const,
};

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => api.get<CaseDetail>(`/cases/${id}`),
    // deadlines change colour by themselves and others work on the case too
    refetchInterval: 30_000,
  });
}

export function useCaseTypes() {
  return useQuery({
    queryKey: caseKeys.types,
    queryFn: () => api.get<CaseTypeList>('/case-types'),
    staleTime: 5 * 60_000,
  });
}

/** The name of a case type in the user's language (code while the types load). */
export function useCaseTypeLabel(): (code: string, fallback?: string) => string {
  const { i18n } = useTranslation();
  const types = useCaseTypes();
  const english = i18n.language === 'en';
  return (code: string, fallback?: string) => {
    const type = types.data?.items.find((t) => t.code === code);
    if (!type) return fallback ?? code;
    return english ? type.nameEn : type.nameZh;
  };
}

/** As-you-type customer lookup (GET /customers/lookup): phone, last 4 digits, name, pinyin, serial, code. */
export function useCustomerLookup(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: caseKeys.lookup(text),
    queryFn: () => api.get<LookupResult>('/customers/lookup', { q: text, limit: 8 }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useCustomerDetail(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.customer(id ?? ''),
    queryFn: () => api.get<CustomerDetail>(`/customers/${id}`),
    enabled: !!id,
  });
}

/** Active users for a picker (GET /users). */
export function useUserOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['staff', 'users', 'picker', q.trim()],
    queryFn: () =>
      api.get<UserPage>('/users', {
        q: q.trim() || undefined,
        status: 'active',
        limit: 20,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

/** Cases found by number or title words (for link / merge pickers). */
export function useCaseSearch(q: string, enabled = true) {
  const text = q.trim();
  return useQuery({
    queryKey: caseKeys.search(text),
    queryFn: () =>
      api.get<CasePage>('/cases', {
        q: text || undefined,
        limit: 20,
        open: 'true',
      }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    enabled,
  });
}

/** Query-string object without empty values. */
export function cleanQuery<T extends Record<string, unknown>>(query: T): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') out[k] = v as string | number | boolean;
  }
  return out;
}
