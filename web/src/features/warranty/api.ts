import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  analyseDefectivePartRequest,
  claimActionRequest,
  claimView,
  createDefectivePartRequest,
  defectiveDisposition,
  defectivePartPage,
  defectivePartView,
  entitlementLookup,
  entitlementView,
  refundActionRequest,
  refundCheck,
  refundFactsInput,
  refundView,
  replacementActionRequest,
  replacementView,
  rmaActionRequest,
  rmaPage,
  rmaState,
  rmaView,
  unitEntitlement,
  updateProofRequest,
  updateWarrantySettingsRequest,
  warrantySettings,
} from '../../../../contracts/warranty';
import { api } from '../../api/client';

/** Types and queries of the warranty API (contracts/warranty.ts). */
export type ClaimView = z.infer<typeof claimView>;
export type ClaimActionRequest = z.input<typeof claimActionRequest>;
export type EntitlementView = z.infer<typeof entitlementView>;
export type UnitEntitlement = z.infer<typeof unitEntitlement>;
export type EntitlementLookup = z.infer<typeof entitlementLookup>;
export type RmaView = z.infer<typeof rmaView>;
export type RmaPage = z.infer<typeof rmaPage>;
export type RmaState = z.infer<typeof rmaState>;
export type RmaActionRequest = z.input<typeof rmaActionRequest>;
export type ReplacementView = z.infer<typeof replacementView>;
export type ReplacementActionRequest = z.input<typeof replacementActionRequest>;
export type RefundView = z.infer<typeof refundView>;
export type RefundActionRequest = z.input<typeof refundActionRequest>;
export type RefundCheck = z.infer<typeof refundCheck>;
export type RefundFactsInput = z.input<typeof refundFactsInput>;
export type DefectivePartView = z.infer<typeof defectivePartView>;
export type DefectivePartPage = z.infer<typeof defectivePartPage>;
export type DefectiveDisposition = z.infer<typeof defectiveDisposition>;
export type CreateDefectivePartRequest = z.input<typeof createDefectivePartRequest>;
export type AnalyseDefectivePartRequest = z.input<typeof analyseDefectivePartRequest>;
export type UpdateProofRequest = z.input<typeof updateProofRequest>;
export type WarrantySettings = z.infer<typeof warrantySettings>;
export type UpdateWarrantySettingsRequest = z.input<typeof updateWarrantySettingsRequest>;

export const RMA_STATES: readonly RmaState[] = [
  'to_ship',
  'shipped_to_factory',
  'received_by_factory',
  'repaired_at_factory',
  'unrepairable',
  'shipped_back',
  'received_by_customer',
  'cancelled',
];
export const DISPOSITIONS: readonly DefectiveDisposition[] = ['pending', 'scrap', 'repair', 'return_to_supplier', 'restock'];
export const DEDUCTION_KINDS = ['missing_part', 'packaging', 'other'] as const;
export const REJECT_REASONS = ['out_of_warranty', 'not_covered', 'customer_damage', 'no_fault_found', 'other'] as const;

export const warrantyKeys = {
  all: ['warranty'] as const,
  claim: (caseId: string) => ['warranty', 'claim', caseId] as const,
  rmas: ['warranty', 'rmas'] as const,
  defectiveParts: ['warranty', 'defective-parts'] as const,
  lookup: ['warranty', 'lookup'] as const,
  settings: ['warranty', 'settings'] as const,
};

/** The claim of a warranty/return case with its eligibility, decisions and remedies. */
export function useClaim(caseId: string, caseVersion?: number) {
  return useQuery({
    queryKey: [...warrantyKeys.claim(caseId), caseVersion ?? 0],
    queryFn: () => api.get<ClaimView>(`/warranty/claims/${caseId}`),
    retry: false,
  });
}
