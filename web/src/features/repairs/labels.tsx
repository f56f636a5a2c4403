import { Tag } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { RankReason, RepairOrder } from "./api";

/** Words for the codes the repairs API sends; an unknown state shows a generic word, never the code. */
export function repairStateLabel(t: TFunction, state: string): string {
	return (
		t(`repairs:state.${state}`, { defaultValue: "" }) ||
		t("repairs:stateUnknown")
	);
}

export function repairActionLabel(t: TFunction, action: string): string {
	return t(`repairs:action.${action}`, { defaultValue: "" }) || action;
}

/** One ranking reason as a sentence (技能等级 4 级, 距离 3.2 公里 …). */
export function reasonText(t: TFunction, reason: RankReason): string {
	switch (reason.code) {
		case "skill":
			return t(
				reason.inherited
					? "repairs:reason.skillInherited"
					: "repairs:reason.skill",
				{ level: reason.level },
			);
		case "region":
			return t(`repairs:reason.region_${reason.match}`);
		case "open_jobs":
		case "appointments_that_day":
		case "distance_km":
			return t(`repairs:reason.${reason.code}`, { value: reason.value });
		default:
			return t(`repairs:reason.${reason.code}`);
	}
}

/** Reasons that speak against a candidate are shown in orange. */
export function isNegativeReason(reason: RankReason): boolean {
	return [
		"no_skill",
		"no_one_skilled",
		"region_outside",
		"declined_before",
	].includes(reason.code);
}

const STATE_COLOUR: Record<string, string> = {
	reviewing: "blue",
	awaiting_dispatch: "orange",
	dispatched: "geekblue",
	accepted: "geekblue",
	travelling: "cyan",
	on_site: "cyan",
	in_progress: "processing",
	awaiting_quote_consent: "gold",
	awaiting_acceptance: "purple",
	inspection: "purple",
	completed: "green",
	escalated: "red",
};

export function RepairStateTag({ state }: { state: string }) {
	const { t } = useTranslation("repairs");
	return (
		<Tag color={STATE_COLOUR[state] ?? "default"} data-testid="repair-state">
			{repairStateLabel(t, state)}
		</Tag>
	);
}

export function WarrantyStatusTag({
	warranty,
}: {
	warranty: RepairOrder["warranty"];
}) {
	const { t } = useTranslation("repairs");
	const colour =
		warranty.status === "in_warranty"
			? "green"
			: warranty.status === "out_of_warranty"
				? "red"
				: "default";
	return (
		<Tag color={colour} data-testid="warranty-status">
			{t(`warranty.${warranty.status}`)} ·{" "}
			{t(`warrantyReason.${warranty.reason}`)}
		</Tag>
	);
}

/** A map link for the job's address (高德地图 by coordinates when known, else by the address). */
export function navigationUrl(job: {
	address: string | null;
	latitude: number | null;
	longitude: number | null;
}): string | null {
	if (job.latitude !== null && job.longitude !== null) {
		return `https://uri.amap.com/marker?position=${job.longitude},${job.latitude}&name=${encodeURIComponent(job.address ?? "")}`;
	}
	if (job.address)
		return `https://uri.amap.com/search?keyword=${encodeURIComponent(job.address)}`;
	return null;
}
