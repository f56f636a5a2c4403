/**
 * Dispatch ranking (派单, R-REP-3): which technician should take a repair job, best first, with the
 * reasons as structured codes (the web turns them into Chinese sentences). Pure: no database, no
 * clock — the service loads the technicians and passes `now`.
 *
 * Score (0–100) = weighted sum of five parts, each 0–1, divided by the sum of the weights:
 *   skill          level for the product category (1–5 → 0.2–1); a skill on a parent category counts
 *   region         the technician's regions cover the job's region (the region itself 1, a parent 0.8)
 *   workload       open jobs now: 1 / (1 + open jobs)
 *   appointments   appointments on the job's day: 1 / (1 + appointments)
 *   distance       straight line (haversine) from the technician's base: 1 − km / maxDistanceKm (≥ 0);
 *                  unknown (no base or no job coordinates) → 0.5, neither favoured nor punished
 * Excluded: disabled users; technicians without the skill — unless nobody has it, then everyone
 * active is ranked (reason 'no_one_skilled'). Ties: shorter distance, then fewer open jobs, then name.
 */

export interface DispatchWeights {
	skill: number;
	region: number;
	workload: number;
	appointments: number;
	distance: number;
}

export const DEFAULT_WEIGHTS: DispatchWeights = {
	skill: 30,
	region: 25,
	workload: 20,
	appointments: 10,
	distance: 15,
};
export const DEFAULT_MAX_DISTANCE_KM = 50;

export interface GeoPoint {
	latitude: number;
	longitude: number;
}

export interface DispatchJob {
	/** the product's category and its ancestors, nearest first: [category, parent, grandparent …] */
	categoryPath: readonly string[];
	/** the job's region and its ancestors, nearest first; empty when the job has no region */
	regionPath: readonly string[];
	location: GeoPoint | null;
}

export interface TechnicianProfile {
	id: string;
	name: string;
	active: boolean;
	skills: readonly { categoryId: string; level: number }[];
	regionIds: readonly string[];
	base: GeoPoint | null;
	/** repair jobs assigned and not finished */
	openJobs: number;
	/** scheduled appointments on the job's day (company time zone) */
	appointmentsThatDay: number;
	/** he declined this job before (shown; auto-dispatch leaves him out) */
	declinedBefore?: boolean;
}

export type RankReason =
	| { code: "skill"; level: number; inherited: boolean }
	| { code: "no_skill" }
	| { code: "no_one_skilled" }
	| { code: "region"; match: "exact" | "parent" }
	| { code: "region_outside" }
	| { code: "region_unknown" }
	| { code: "open_jobs"; value: number }
	| { code: "appointments_that_day"; value: number }
	| { code: "distance_km"; value: number }
	| { code: "distance_unknown" }
	| { code: "declined_before" };

export interface RankedTechnician {
	technicianId: string;
	name: string;
	rank: number;
	/** 0–100, one decimal */
	score: number;
	skillLevel: number | null;
	regionMatch: "exact" | "parent" | "outside" | "unknown";
	openJobs: number;
	appointmentsThatDay: number;
	/** one decimal; null when unknown */
	distanceKm: number | null;
	reasons: RankReason[];
}

export interface RankOptions {
	weights?: DispatchWeights;
	maxDistanceKm?: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km between two points (haversine). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
	const dLat = toRad(b.latitude - a.latitude);
	const dLon = toRad(b.longitude - a.longitude);
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(toRad(a.latitude)) *
			Math.cos(toRad(b.latitude)) *
			Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The best level a technician has for the job's category: its own (inherited false) or an ancestor's. */
export function skillFor(
	skills: TechnicianProfile["skills"],
	categoryPath: readonly string[],
): { level: number; inherited: boolean } | null {
	for (let i = 0; i < categoryPath.length; i++) {
		let best = 0;
		for (const s of skills)
			if (s.categoryId === categoryPath[i] && s.level > best) best = s.level;
		if (best > 0) return { level: best, inherited: i > 0 };
	}
	return null;
}

/** Do the technician's regions cover the job's region: the region itself, or one of its parents? */
export function regionMatch(
	regionIds: readonly string[],
	regionPath: readonly string[],
): "exact" | "parent" | "outside" | "unknown" {
	if (regionPath.length === 0) return "unknown";
	if (regionIds.includes(regionPath[0])) return "exact";
	for (let i = 1; i < regionPath.length; i++)
		if (regionIds.includes(regionPath[i])) return "parent";
	return "outside";
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const collator = new Intl.Collator("zh-Hans-CN");

function totalWeight(w: DispatchWeights): number {
	return (
		Math.max(0, w.skill) +
		Math.max(0, w.region) +
		Math.max(0, w.workload) +
		Math.max(0, w.appointments) +
		Math.max(0, w.distance)
	);
}

/** Rank the technicians for a job, best first. `now` is accepted for rules that depend on time (none yet). */
export function rankTechnicians(
	job: DispatchJob,
	technicians: readonly TechnicianProfile[],
	_now: Date,
	options: RankOptions = {},
): RankedTechnician[] {
	const w = options.weights ?? DEFAULT_WEIGHTS;
	const maxKm =
		options.maxDistanceKm && options.maxDistanceKm > 0
			? options.maxDistanceKm
			: DEFAULT_MAX_DISTANCE_KM;
	const weightSum = totalWeight(w) || 1;
	const active = technicians.filter((t) => t.active);
	const skilled = active.filter(
		(t) => skillFor(t.skills, job.categoryPath) !== null,
	);
	const nobodySkilled = skilled.length === 0;
	const pool = nobodySkilled ? active : skilled;

	const ranked = pool.map((t) => {
		const reasons: RankReason[] = [];
		const skill = skillFor(t.skills, job.categoryPath);
		let skillPart = 0;
		if (skill) {
			skillPart = Math.min(5, Math.max(1, skill.level)) / 5;
			reasons.push({
				code: "skill",
				level: skill.level,
				inherited: skill.inherited,
			});
		} else {
			reasons.push({ code: "no_skill" });
			if (nobodySkilled) reasons.push({ code: "no_one_skilled" });
		}

		const region = regionMatch(t.regionIds, job.regionPath);
		const regionPart =
			region === "exact"
				? 1
				: region === "parent"
					? 0.8
					: region === "unknown"
						? 0.5
						: 0;
		if (region === "exact" || region === "parent")
			reasons.push({ code: "region", match: region });
		else
			reasons.push({
				code: region === "outside" ? "region_outside" : "region_unknown",
			});

		const workloadPart = 1 / (1 + Math.max(0, t.openJobs));
		reasons.push({ code: "open_jobs", value: t.openJobs });
		const appointmentsPart = 1 / (1 + Math.max(0, t.appointmentsThatDay));
		reasons.push({
			code: "appointments_that_day",
			value: t.appointmentsThatDay,
		});

		let distanceKm: number | null = null;
		let distancePart = 0.5;
		if (t.base && job.location) {
			distanceKm = haversineKm(t.base, job.location);
			distancePart = Math.max(0, 1 - distanceKm / maxKm);
			reasons.push({ code: "distance_km", value: round1(distanceKm) });
		} else reasons.push({ code: "distance_unknown" });
		if (t.declinedBefore) reasons.push({ code: "declined_before" });

		const raw =
			Math.max(0, w.skill) * skillPart +
			Math.max(0, w.region) * regionPart +
			Math.max(0, w.workload) * workloadPart +
			Math.max(0, w.appointments) * appointmentsPart +
			Math.max(0, w.distance) * distancePart;
		return {
			technicianId: t.id,
			name: t.name,
			rank: 0,
			exactScore: (100 * raw) / weightSum,
			score: round1((100 * raw) / weightSum),
			skillLevel: skill?.level ?? null,
			regionMatch: region,
			openJobs: t.openJobs,
			appointmentsThatDay: t.appointmentsThatDay,
			distanceKm: distanceKm === null ? null : round1(distanceKm),
			exactDistance: distanceKm ?? Number.POSITIVE_INFINITY,
			reasons,
		};
	});

	ranked.sort(
		(a, b) =>
			b.exactScore - a.exactScore ||
			a.exactDistance - b.exactDistance ||
			a.openJobs - b.openJobs ||
			collator.compare(a.name, b.name) ||
			(a.technicianId < b.technicianId
				? -1
				: a.technicianId > b.technicianId
					? 1
					: 0),
	);
	return ranked.map(({ exactScore: _s, exactDistance: _d, ...r }, i) => ({
		...r,
		rank: i + 1,
	}));
}

/** Ancestors of a node in a parent map, nearest first, starting with the node itself (cycles stop). */
export function pathToRoot(
	id: string | null,
	parentOf: ReadonlyMap<string, string | null>,
): string[] {
	const path: string[] = [];
	let current = id;
	while (current && !path.includes(current)) {
		path.push(current);
		current = parentOf.get(current) ?? null;
	}
	return path;
}
