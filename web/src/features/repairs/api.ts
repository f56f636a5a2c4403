import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type {
	stockLevelPage,
	stockLocationPage,
} from "../../../../contracts/parts";
import type {
	dispatchBoard,
	dispatchCandidates,
	dispatchRequest,
	rankReason,
	repairActionRequest,
	repairJob,
	repairSettings,
	technicianJobs,
	updateRepairSettingsRequest,
} from "../../../../contracts/repairs";
import { api } from "../../api/client";

/** Types and queries of the repairs API (contracts/repairs.ts). */
export type RepairJob = z.infer<typeof repairJob>;
export type RepairOrder = RepairJob["repair"];
export type RepairActionRequest = z.input<typeof repairActionRequest>;
export type DispatchRequest = z.input<typeof dispatchRequest>;
export type DispatchCandidates = z.infer<typeof dispatchCandidates>;
export type DispatchCandidate = DispatchCandidates["items"][number];
export type RankReason = z.infer<typeof rankReason>;
export type DispatchBoard = z.infer<typeof dispatchBoard>;
export type TechnicianJobs = z.infer<typeof technicianJobs>;
export type RepairSettings = z.infer<typeof repairSettings>;
export type UpdateRepairSettingsRequest = z.input<
	typeof updateRepairSettingsRequest
>;
export type StockLevelPage = z.infer<typeof stockLevelPage>;
export type StockLocationPage = z.infer<typeof stockLocationPage>;

export const repairKeys = {
	job: (caseId: string) => ["repairs", "job", caseId] as const,
	candidates: (caseId: string, date?: string) =>
		["repairs", "candidates", caseId, date ?? ""] as const,
	board: (date: string) => ["repairs", "board", date] as const,
	myJobs: (date: string) => ["repairs", "my-jobs", date] as const,
	settings: ["repairs", "settings"] as const,
};

export function useRepairJob(caseId: string | undefined) {
	return useQuery({
		queryKey: repairKeys.job(caseId ?? ""),
		queryFn: () => api.get<RepairJob>(`/cases/${caseId}/repair`),
		enabled: !!caseId,
	});
}

export function useDispatchCandidates(
	caseId: string,
	date: string | undefined,
	enabled: boolean,
) {
	return useQuery({
		queryKey: repairKeys.candidates(caseId, date),
		queryFn: () =>
			api.get<DispatchCandidates>(`/cases/${caseId}/dispatch-candidates`, {
				date,
			}),
		enabled,
		placeholderData: keepPreviousData,
	});
}

export function useDispatchBoard(date: string) {
	return useQuery({
		queryKey: repairKeys.board(date),
		queryFn: () => api.get<DispatchBoard>("/dispatch/board", { date }),
		placeholderData: keepPreviousData,
		refetchInterval: 60_000,
	});
}

export function useMyJobs(date: string) {
	return useQuery({
		queryKey: repairKeys.myJobs(date),
		queryFn: () => api.get<TechnicianJobs>("/my/jobs", { date }),
		refetchInterval: 60_000,
	});
}

export function useRepairSettings() {
	return useQuery({
		queryKey: repairKeys.settings,
		queryFn: () => api.get<RepairSettings>("/repairs/settings"),
	});
}

/** The technician's own van (车载库) and what is available in it. */
export function useMyVanStock(userId: string, enabled: boolean) {
	return useQuery({
		queryKey: ["repairs", "van-stock", userId],
		enabled,
		queryFn: async () => {
			const vans = await api.get<StockLocationPage>("/stock-locations", {
				kind: "van",
				technicianUserId: userId,
				limit: 10,
			});
			const levels = await Promise.all(
				vans.items.map((v) =>
					api.get<StockLevelPage>("/stock-levels", {
						locationId: v.id,
						nonZero: true,
						limit: 500,
					}),
				),
			);
			return levels
				.flatMap((page) => page.items)
				.filter((l) => l.available > 0);
		},
	});
}

export function runRepairAction(caseId: string, body: RepairActionRequest) {
	return api.post<RepairJob>(`/cases/${caseId}/repair/actions`, body);
}

export function dispatchCase(caseId: string, body: DispatchRequest) {
	return api.post<RepairJob>(`/cases/${caseId}/dispatch`, body);
}
