import { describe, expect, it } from "vitest";
import {
	DEFAULT_WEIGHTS,
	type DispatchJob,
	haversineKm,
	pathToRoot,
	rankTechnicians,
	regionMatch,
	skillFor,
	type TechnicianProfile,
} from "./dispatch.rank.js";

const NOW = new Date("2026-03-02T02:00:00.000Z");
// 深圳南山 科技园 and nearby points
const JOB_AT = { latitude: 22.54, longitude: 113.95 };
const job: DispatchJob = {
	categoryPath: ["cat-split-ac", "cat-hvac"],
	regionPath: ["r-nanshan", "r-shenzhen", "r-guangdong"],
	location: JOB_AT,
};

function tech(
	id: string,
	fields: Partial<TechnicianProfile> = {},
): TechnicianProfile {
	return {
		id,
		name: fields.name ?? `技术员${id}`,
		active: true,
		skills: [{ categoryId: "cat-split-ac", level: 3 }],
		regionIds: ["r-nanshan"],
		base: JOB_AT,
		openJobs: 0,
		appointmentsThatDay: 0,
		...fields,
	};
}

const ids = (ranked: { technicianId: string }[]) =>
	ranked.map((r) => r.technicianId);

describe("haversineKm", () => {
	it("is zero for the same point and symmetric", () => {
		expect(haversineKm(JOB_AT, JOB_AT)).toBe(0);
		const a = { latitude: 22.54, longitude: 113.95 };
		const b = { latitude: 22.6, longitude: 114.1 };
		expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 10);
	});

	it("measures real distances: Shenzhen → Guangzhou about 104 km, Beijing → Shanghai about 1068 km", () => {
		expect(
			haversineKm(
				{ latitude: 22.5431, longitude: 114.0579 },
				{ latitude: 23.1291, longitude: 113.2644 },
			),
		).toBeCloseTo(104, -1);
		expect(
			haversineKm(
				{ latitude: 39.9042, longitude: 116.4074 },
				{ latitude: 31.2304, longitude: 121.4737 },
			),
		).toBeCloseTo(1068, -1);
	});

	it("one degree of latitude is about 111.2 km", () => {
		expect(
			haversineKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }),
		).toBeCloseTo(111.2, 1);
	});

	it("handles antipodes without NaN", () => {
		const d = haversineKm(
			{ latitude: 0, longitude: 0 },
			{ latitude: 0, longitude: 180 },
		);
		expect(d).toBeCloseTo(Math.PI * 6371.0088, 3);
	});
});

describe("skillFor", () => {
	it("takes the level for the category itself", () => {
		expect(
			skillFor([{ categoryId: "cat-split-ac", level: 4 }], job.categoryPath),
		).toEqual({ level: 4, inherited: false });
	});
	it("falls back to a parent category, marked inherited", () => {
		expect(
			skillFor([{ categoryId: "cat-hvac", level: 2 }], job.categoryPath),
		).toEqual({ level: 2, inherited: true });
	});
	it("prefers the nearest category even when a parent has a higher level", () => {
		expect(
			skillFor(
				[
					{ categoryId: "cat-hvac", level: 5 },
					{ categoryId: "cat-split-ac", level: 2 },
				],
				job.categoryPath,
			),
		).toEqual({ level: 2, inherited: false });
	});
	it("is null without a matching skill or without a category", () => {
		expect(
			skillFor([{ categoryId: "cat-lighting", level: 5 }], job.categoryPath),
		).toBeNull();
		expect(skillFor([{ categoryId: "cat-lighting", level: 5 }], [])).toBeNull();
	});
});

describe("regionMatch", () => {
	it("exact, parent, outside and unknown", () => {
		expect(regionMatch(["r-nanshan"], job.regionPath)).toBe("exact");
		expect(regionMatch(["r-guangdong"], job.regionPath)).toBe("parent");
		expect(regionMatch(["r-shenzhen", "r-nanshan"], job.regionPath)).toBe(
			"exact",
		);
		expect(regionMatch(["r-futian"], job.regionPath)).toBe("outside");
		expect(regionMatch([], job.regionPath)).toBe("outside");
		expect(regionMatch(["r-nanshan"], [])).toBe("unknown");
	});
});

describe("pathToRoot", () => {
	const parents = new Map<string, string | null>([
		["r-nanshan", "r-shenzhen"],
		["r-shenzhen", "r-guangdong"],
		["r-guangdong", null],
	]);
	it("walks to the root, nearest first", () => {
		expect(pathToRoot("r-nanshan", parents)).toEqual([
			"r-nanshan",
			"r-shenzhen",
			"r-guangdong",
		]);
		expect(pathToRoot("r-guangdong", parents)).toEqual(["r-guangdong"]);
		expect(pathToRoot(null, parents)).toEqual([]);
		expect(pathToRoot("r-unknown", parents)).toEqual(["r-unknown"]);
	});
	it("stops on a cycle", () => {
		const cyclic = new Map<string, string | null>([
			["a", "b"],
			["b", "a"],
		]);
		expect(pathToRoot("a", cyclic)).toEqual(["a", "b"]);
	});
});

describe("rankTechnicians", () => {
	it("an identical technician scores 100 and gets every reason", () => {
		const [only] = rankTechnicians(
			job,
			[tech("a", { skills: [{ categoryId: "cat-split-ac", level: 5 }] })],
			NOW,
		);
		expect(only.score).toBe(100);
		expect(only.rank).toBe(1);
		expect(only.reasons).toEqual([
			{ code: "skill", level: 5, inherited: false },
			{ code: "region", match: "exact" },
			{ code: "open_jobs", value: 0 },
			{ code: "appointments_that_day", value: 0 },
			{ code: "distance_km", value: 0 },
		]);
	});

	it("a higher skill level ranks first when all else is equal", () => {
		const ranked = rankTechnicians(
			job,
			[
				tech("low", { skills: [{ categoryId: "cat-split-ac", level: 2 }] }),
				tech("high", { skills: [{ categoryId: "cat-split-ac", level: 4 }] }),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["high", "low"]);
		expect(ranked[0].skillLevel).toBe(4);
		expect(ranked[0].score - ranked[1].score).toBeCloseTo(
			(100 * DEFAULT_WEIGHTS.skill * 0.4) / 100,
			1,
		);
	});

	it("fewer open jobs ranks first", () => {
		const ranked = rankTechnicians(
			job,
			[tech("busy", { openJobs: 3 }), tech("free", { openJobs: 0 })],
			NOW,
		);
		expect(ids(ranked)).toEqual(["free", "busy"]);
		expect(ranked[1].reasons).toContainEqual({ code: "open_jobs", value: 3 });
	});

	it("fewer appointments that day ranks first", () => {
		const ranked = rankTechnicians(
			job,
			[tech("booked", { appointmentsThatDay: 4 }), tech("idle")],
			NOW,
		);
		expect(ids(ranked)).toEqual(["idle", "booked"]);
		expect(ranked[1].reasons).toContainEqual({
			code: "appointments_that_day",
			value: 4,
		});
	});

	it("nearer ranks first and the distance is reported in km with one decimal", () => {
		const far = { latitude: 22.54 + 0.18, longitude: 113.95 }; // ≈ 20 km north
		const ranked = rankTechnicians(
			job,
			[tech("far", { base: far }), tech("near")],
			NOW,
		);
		expect(ids(ranked)).toEqual(["near", "far"]);
		expect(ranked[1].distanceKm).toBeCloseTo(20, 0);
		expect(ranked[1].reasons).toContainEqual({
			code: "distance_km",
			value: ranked[1].distanceKm,
		});
	});

	it("a region covered through a parent region counts, less than the region itself; outside counts nothing", () => {
		const ranked = rankTechnicians(
			job,
			[
				tech("outside", { regionIds: ["r-futian"] }),
				tech("province", { regionIds: ["r-guangdong"] }),
				tech("district"),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["district", "province", "outside"]);
		expect(ranked.map((r) => r.regionMatch)).toEqual([
			"exact",
			"parent",
			"outside",
		]);
		expect(ranked[2].reasons).toContainEqual({ code: "region_outside" });
	});

	it("excludes disabled users", () => {
		const ranked = rankTechnicians(
			job,
			[
				tech("gone", {
					active: false,
					skills: [{ categoryId: "cat-split-ac", level: 5 }],
				}),
				tech("here"),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["here"]);
	});

	it("excludes technicians without the skill when someone has it", () => {
		const ranked = rankTechnicians(
			job,
			[
				tech("lighting", {
					skills: [{ categoryId: "cat-lighting", level: 5 }],
				}),
				tech("hvac"),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["hvac"]);
	});

	it("counts a skill on a parent category and says so", () => {
		const ranked = rankTechnicians(
			job,
			[tech("general", { skills: [{ categoryId: "cat-hvac", level: 3 }] })],
			NOW,
		);
		expect(ranked[0].reasons[0]).toEqual({
			code: "skill",
			level: 3,
			inherited: true,
		});
	});

	it("when nobody has the skill, ranks every active technician and says so", () => {
		const ranked = rankTechnicians(
			job,
			[
				tech("a", { skills: [], openJobs: 2 }),
				tech("b", { skills: [{ categoryId: "cat-lighting", level: 5 }] }),
				tech("c", { skills: [], active: false }),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["b", "a"]);
		expect(ranked[0].reasons.slice(0, 2)).toEqual([
			{ code: "no_skill" },
			{ code: "no_one_skilled" },
		]);
		expect(ranked[0].skillLevel).toBeNull();
	});

	it("unknown distance is neutral: between a near and a far technician", () => {
		const far = { latitude: 22.54 + 0.36, longitude: 113.95 }; // ≈ 40 km
		const ranked = rankTechnicians(
			job,
			[
				tech("far", { base: far }),
				tech("nobase", { base: null }),
				tech("near"),
			],
			NOW,
		);
		expect(ids(ranked)).toEqual(["near", "nobase", "far"]);
		expect(ranked[1].distanceKm).toBeNull();
		expect(ranked[1].reasons).toContainEqual({ code: "distance_unknown" });
	});

	it("a job without coordinates or region gives unknown distance and region to everyone", () => {
		const ranked = rankTechnicians(
			{ ...job, location: null, regionPath: [] },
			[tech("a")],
			NOW,
		);
		expect(ranked[0].reasons).toContainEqual({ code: "distance_unknown" });
		expect(ranked[0].reasons).toContainEqual({ code: "region_unknown" });
		expect(ranked[0].regionMatch).toBe("unknown");
	});

	it("beyond the maximum distance the distance part is zero, never negative", () => {
		const veryFar = { latitude: 39.9, longitude: 116.4 }; // Beijing
		const [r] = rankTechnicians(
			job,
			[
				tech("bj", {
					base: veryFar,
					skills: [{ categoryId: "cat-split-ac", level: 5 }],
				}),
			],
			NOW,
		);
		expect(r.score).toBeCloseTo(100 - DEFAULT_WEIGHTS.distance, 1);
	});

	it("weights decide: with only the distance weighted, the nearest wins whatever the skill", () => {
		const weights = {
			skill: 0,
			region: 0,
			workload: 0,
			appointments: 0,
			distance: 1,
		};
		const ranked = rankTechnicians(
			job,
			[
				tech("expert", {
					skills: [{ categoryId: "cat-split-ac", level: 5 }],
					base: { latitude: 22.7, longitude: 113.95 },
				}),
				tech("novice", { skills: [{ categoryId: "cat-split-ac", level: 1 }] }),
			],
			NOW,
			{ weights },
		);
		expect(ids(ranked)).toEqual(["novice", "expert"]);
		expect(ranked[0].score).toBe(100);
	});

	it("the maximum distance option scales the distance part", () => {
		const tenKm = { latitude: 22.54 + 0.09, longitude: 113.95 };
		const weights = {
			skill: 0,
			region: 0,
			workload: 0,
			appointments: 0,
			distance: 1,
		};
		const [r20] = rankTechnicians(job, [tech("a", { base: tenKm })], NOW, {
			weights,
			maxDistanceKm: 20,
		});
		const [r100] = rankTechnicians(job, [tech("a", { base: tenKm })], NOW, {
			weights,
			maxDistanceKm: 100,
		});
		expect(r20.score).toBeCloseTo(50, 0);
		expect(r100.score).toBeCloseTo(90, 0);
	});

	it("all-zero weights do not divide by zero", () => {
		const weights = {
			skill: 0,
			region: 0,
			workload: 0,
			appointments: 0,
			distance: 0,
		};
		const ranked = rankTechnicians(job, [tech("a"), tech("b")], NOW, {
			weights,
		});
		expect(ranked.map((r) => r.score)).toEqual([0, 0]);
	});

	it("ties break by distance, then open jobs, then name — stable whatever the input order", () => {
		const weights = {
			skill: 1,
			region: 0,
			workload: 0,
			appointments: 0,
			distance: 0,
		};
		const a = tech("a", {
			name: "张三",
			base: { latitude: 22.6, longitude: 113.95 },
		});
		const b = tech("b", { name: "李四" });
		const c = tech("c", { name: "王五", openJobs: 2 });
		const d = tech("d", { name: "赵六", openJobs: 2 });
		const expected = ["b", "c", "d", "a"];
		// b, c, d at distance 0: b has fewer open jobs; c/d by name (王 < 赵 in pinyin order); a is farther
		expect(ids(rankTechnicians(job, [a, b, c, d], NOW, { weights }))).toEqual(
			expected,
		);
		expect(ids(rankTechnicians(job, [d, c, b, a], NOW, { weights }))).toEqual(
			expected,
		);
	});

	it("ranks are 1..n and scores never increase down the list", () => {
		const many = Array.from({ length: 50 }, (_, i) =>
			tech(`t${i}`, {
				openJobs: i % 5,
				appointmentsThatDay: i % 3,
				skills: [{ categoryId: "cat-split-ac", level: 1 + (i % 5) }],
				base: { latitude: 22.54 + (i % 7) * 0.05, longitude: 113.95 },
			}),
		);
		const ranked = rankTechnicians(job, many, NOW);
		expect(ranked.map((r) => r.rank)).toEqual(
			Array.from({ length: 50 }, (_, i) => i + 1),
		);
		for (let i = 1; i < ranked.length; i++)
			expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
	});

	it("no technicians → empty list", () => {
		expect(rankTechnicians(job, [], NOW)).toEqual([]);
	});
});

describe("rankTechnicians: declined before", () => {
	it("keeps a technician who declined the job in the list and says so", () => {
		const ranked = rankTechnicians(
			job,
			[tech("a", { declinedBefore: true }), tech("b")],
			NOW,
		);
		expect(ranked.map((r) => r.technicianId).sort()).toEqual(["a", "b"]);
		expect(ranked.find((r) => r.technicianId === "a")!.reasons).toContainEqual({
			code: "declined_before",
		});
		expect(
			ranked.find((r) => r.technicianId === "b")!.reasons,
		).not.toContainEqual({ code: "declined_before" });
	});
});
