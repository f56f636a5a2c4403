/**
 * Repair settings (one row in `settings`, key 'repairs.settings'): auto-dispatch, the dispatch
 * ranking's weights and distance scale, and the inspection policy.
 *
 * Inspection policy (R-REP-7): a repair needs quality inspection (质量检验) when its product's
 * category — or a parent category — is in `inspectionCategoryIds`. The agent may override it per
 * order at review (inspectionRequired). Default: no category, no inspection.
 */
import { z } from "zod";
import type {
	RepairSettings,
	UpdateRepairSettingsRequest,
} from "../../../contracts/repairs.js";
import type { DB } from "../../db/database.js";
import { cachedReference } from "../../db/reference-data.js";
import { changedFields, recordAudit } from "../../platform/audit.js";
import { inTransaction, type ServiceContext } from "../../platform/context.js";
import {
	BadRequestError,
	VersionConflictError,
} from "../../platform/errors.js";
import { assertCan } from "../../platform/permissions.js";
import { DEFAULT_MAX_DISTANCE_KM, DEFAULT_WEIGHTS } from "./dispatch.rank.js";

export const REPAIR_SETTINGS_KEY = "repairs.settings";

const stored = z.object({
	autoDispatch: z.boolean().catch(false),
	autoDispatchWindowHours: z.number().int().min(1).max(24).catch(4),
	weights: z
		.object({
			skill: z.number().min(0),
			region: z.number().min(0),
			workload: z.number().min(0),
			appointments: z.number().min(0),
			distance: z.number().min(0),
		})
		.catch(DEFAULT_WEIGHTS),
	maxDistanceKm: z.number().positive().catch(DEFAULT_MAX_DISTANCE_KM),
	inspectionCategoryIds: z.array(z.string()).catch([]),
});
type StoredSettings = z.infer<typeof stored>;

export const DEFAULT_REPAIR_SETTINGS: StoredSettings = {
	autoDispatch: false,
	autoDispatchWindowHours: 4,
	weights: DEFAULT_WEIGHTS,
	maxDistanceKm: DEFAULT_MAX_DISTANCE_KM,
	inspectionCategoryIds: [],
};

/**
 * The repair settings, cached like the other reference data (db/reference-data.ts: every case
 * opened reads them); `fresh` reads the row itself (the before-image of a change). The value is
 * shared and frozen: callers must not modify it.
 */
export async function readRepairSettings(
	db: DB,
	options: { fresh?: boolean } = {},
): Promise<RepairSettings> {
	return options.fresh
		? loadRepairSettings(db)
		: cachedRepairSettings(db, REPAIR_SETTINGS_KEY);
}

const cachedRepairSettings = cachedReference((db) => loadRepairSettings(db));

async function loadRepairSettings(db: DB): Promise<RepairSettings> {
	const row = await db
		.selectFrom("settings")
		.selectAll()
		.where("key", "=", REPAIR_SETTINGS_KEY)
		.executeTakeFirst();
	if (!row) return { ...DEFAULT_REPAIR_SETTINGS, version: 1, updatedAt: null };
	let value: unknown = {};
	try {
		value = JSON.parse(row.value);
	} catch {
		value = {};
	}
	const parsed = stored.safeParse({
		...DEFAULT_REPAIR_SETTINGS,
		...(value as object),
	});
	return {
		...(parsed.success ? parsed.data : DEFAULT_REPAIR_SETTINGS),
		version: Number(row.version),
		updatedAt: row.updated_at,
	};
}

export async function getRepairSettings(
	ctx: ServiceContext,
): Promise<RepairSettings> {
	assertCan(ctx.actor, "case.read");
	return readRepairSettings(ctx.db);
}

export async function updateRepairSettings(
	ctx: ServiceContext,
	input: UpdateRepairSettingsRequest,
): Promise<RepairSettings> {
	assertCan(ctx.actor, "settings.write");
	return inTransaction(ctx, async (tx) => {
		const ids = [...new Set(input.inspectionCategoryIds)];
		if (ids.length) {
			const found = new Set(
				(
					await tx.db
						.selectFrom("product_categories")
						.select("id")
						.where("id", "in", ids)
						.execute()
				).map((r) => r.id),
			);
			const missing = input.inspectionCategoryIds.findIndex(
				(id) => !found.has(id),
			);
			if (missing >= 0) {
				throw new BadRequestError("产品类别不存在 (unknown product category)", [
					{
						path: ["body", "inspectionCategoryIds", missing],
						message: "unknown product category",
					},
				]);
			}
		}
		const before = await readRepairSettings(tx.db, { fresh: true });
		const value: StoredSettings = {
			autoDispatch: input.autoDispatch,
			autoDispatchWindowHours: input.autoDispatchWindowHours,
			weights: input.weights,
			maxDistanceKm: input.maxDistanceKm,
			inspectionCategoryIds: ids,
		};
		const now = tx.clock.now().toISOString();
		const existing = await tx.db
			.selectFrom("settings")
			.select("version")
			.where("key", "=", REPAIR_SETTINGS_KEY)
			.executeTakeFirst();
		let saved = false;
		if (existing) {
			const result = await tx.db
				.updateTable("settings")
				.set({
					value: JSON.stringify(value),
					version: input.version + 1,
					updated_at: now,
				})
				.where("key", "=", REPAIR_SETTINGS_KEY)
				.where("version", "=", input.version)
				.executeTakeFirst();
			saved = Number(result.numUpdatedRows) === 1;
		} else if (input.version === 1) {
			const result = await tx.db
				.insertInto("settings")
				.values({
					key: REPAIR_SETTINGS_KEY,
					value: JSON.stringify(value),
					version: 2,
					updated_at: now,
				})
				.onConflict((oc) => oc.column("key").doNothing())
				.executeTakeFirst();
			saved = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		}
		if (!saved)
			throw new VersionConflictError(
				"setting",
				REPAIR_SETTINGS_KEY,
				before.version,
			);
		const { version: _v, updatedAt: _u, ...beforeValue } = before;
		await recordAudit(tx, {
			entity: "setting",
			entityId: REPAIR_SETTINGS_KEY,
			action: "update",
			...changedFields(beforeValue, value),
		});
		return readRepairSettings(tx.db, { fresh: true });
	});
}

/** Does the product category (or a parent of it) need quality inspection? */
export function inspectionRequiredFor(
	categoryPath: readonly string[],
	settings: Pick<RepairSettings, "inspectionCategoryIds">,
): boolean {
	return categoryPath.some((id) => settings.inspectionCategoryIds.includes(id));
}
