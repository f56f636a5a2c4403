/**
 * Dispatch ranking speed (R-REP-3, issue 3 target: 500 technicians in under 20 ms): the pure
 * rankTechnicians on generated technicians (skills in a category tree, regions in a region tree,
 * bases scattered around Shenzhen, open jobs and appointments), timed over many runs; prints
 * p50 / p95 / p99 / max in milliseconds.
 *
 *   npx tsx bench/dispatch-rank.ts                          # 500 technicians, 2000 runs
 *   npx tsx bench/dispatch-rank.ts --technicians 5000 --runs 200
 *
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { performance } from "node:perf_hooks";
import {
	type DispatchJob,
	rankTechnicians,
	type TechnicianProfile,
} from "../server/modules/repairs/dispatch.rank.js";

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
	const i = args.indexOf(name);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TECHNICIANS = argValue("--technicians", 500);
const RUNS = argValue("--runs", 2000);
const WARMUP = 200;

// deterministic pseudo-random numbers, so runs are comparable
let seed = 42;
const random = () => {
	seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
	return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) =>
	items[Math.floor(random() * items.length)];

const categories = Array.from({ length: 40 }, (_, i) => `cat-${i}`);
const regions = Array.from({ length: 60 }, (_, i) => `region-${i}`);

function technician(i: number): TechnicianProfile {
	const skills = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
		categoryId: pick(categories),
		level: 1 + Math.floor(random() * 5),
	}));
	return {
		id: `tech-${String(i).padStart(5, "0")}`,
		name: `技术员${i}`,
		active: random() > 0.05,
		skills,
		regionIds: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
			pick(regions),
		),
		base:
			random() > 0.1
				? { latitude: 22.4 + random() * 0.4, longitude: 113.8 + random() * 0.5 }
				: null,
		openJobs: Math.floor(random() * 8),
		appointmentsThatDay: Math.floor(random() * 5),
		declinedBefore: random() > 0.98,
	};
}

const technicians = Array.from({ length: TECHNICIANS }, (_, i) =>
	technician(i),
);
const jobs: DispatchJob[] = Array.from({ length: 50 }, () => ({
	categoryPath: [pick(categories), pick(categories)],
	regionPath: [pick(regions), pick(regions), pick(regions)],
	location: {
		latitude: 22.4 + random() * 0.4,
		longitude: 113.8 + random() * 0.5,
	},
}));
const now = new Date("2026-03-02T02:00:00.000Z");

/** Time `RUNS` rankings; every technician skilled for the job when `allSkilled` (the worst case: all are scored). */
function measure(label: string, allSkilled: boolean) {
	const pool = allSkilled
		? technicians.map((t) => ({
				...t,
				skills: [
					...t.skills,
					...categories.map((c) => ({ categoryId: c, level: 3 })),
				],
			}))
		: technicians;
	for (let i = 0; i < WARMUP; i++)
		rankTechnicians(jobs[i % jobs.length], pool, now);
	const times: number[] = [];
	let ranked = 0;
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		ranked += rankTechnicians(jobs[i % jobs.length], pool, now).length;
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) =>
		times[Math.min(times.length - 1, Math.floor(q * times.length))];
	const fmt = (ms: number) => ms.toFixed(3);
	console.log(
		`${label}: ${TECHNICIANS} technicians, ${RUNS} runs, avg ${Math.round(ranked / RUNS)} scored per job — ` +
			`p50 ${fmt(at(0.5))} ms, p95 ${fmt(at(0.95))} ms, p99 ${fmt(at(0.99))} ms, max ${fmt(times[times.length - 1])} ms`,
	);
}

measure("mixed skills (most lack the category)", false);
measure("worst case (every technician skilled)", true);
