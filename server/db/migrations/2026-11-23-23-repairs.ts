import { type Kysely, sql } from "kysely";
import { columnTypes } from "../dialect.js";

/**
 * Repair work orders and dispatch (R-REP-1..9): one repair order per repair case (review, warranty,
 * field work, acceptance, inspection, paid repair), appointments with their reschedule history,
 * dispatch history with the ranking that was shown, parts used, charges, the post-repair warranty of a unit (read by the warranty module) and the technicians' base locations
 * (distance in the dispatch ranking).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await db.schema
		.createTable("repair_orders")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("case_id", t.id, (c) =>
			c.notNull().unique().references("cases.id"),
		)
		// review (R-REP-1)
		.addColumn("data_verified", t.boolean, (c) => c.notNull().defaultTo(false))
		.addColumn("in_scope", t.boolean)
		.addColumn("reviewed_at", t.timestamp)
		.addColumn("reviewed_by", t.id, (c) => c.references("users.id"))
		.addColumn("warranty_status", "text", (c) =>
			c
				.notNull()
				.defaultTo("unknown")
				.check(
					sql`warranty_status in ('in_warranty', 'out_of_warranty', 'unknown')`,
				),
		)
		.addColumn("warranty_reason", "text", (c) =>
			c.notNull().defaultTo("no_unit"),
		)
		.addColumn("warranty_end", t.date)
		.addColumn("warranty_override_reason", "text")
		.addColumn("on_site", t.boolean, (c) => c.notNull().defaultTo(true))
		.addColumn("inspection_required", t.boolean, (c) =>
			c.notNull().defaultTo(false),
		)
		// dispatch (R-REP-3, R-REP-4)
		.addColumn("technician_id", t.id, (c) => c.references("users.id"))
		.addColumn("appointment_id", t.id)
		.addColumn("dispatched_at", t.timestamp)
		.addColumn("accepted_at", t.timestamp)
		// field work (R-REP-5)
		.addColumn("travel_started_at", t.timestamp)
		.addColumn("checked_in_at", t.timestamp)
		.addColumn("check_in_latitude", t.real, (c) =>
			c.check(
				sql`check_in_latitude is null or (check_in_latitude >= -90 and check_in_latitude <= 90)`,
			),
		)
		.addColumn("check_in_longitude", t.real, (c) =>
			c.check(
				sql`check_in_longitude is null or (check_in_longitude >= -180 and check_in_longitude <= 180)`,
			),
		)
		.addColumn("work_started_at", t.timestamp)
		.addColumn("diagnosis", "text")
		.addColumn("work_done", "text")
		// JSON array of strings
		.addColumn("tools_used", t.json, (c) => c.notNull().defaultTo("[]"))
		.addColumn("labour_minutes", "integer", (c) =>
			c.notNull().defaultTo(0).check(sql`labour_minutes >= 0`),
		)
		// JSON array of attachment ids
		.addColumn("photo_ids", t.json, (c) => c.notNull().defaultTo("[]"))
		.addColumn("escalation_note", "text")
		.addColumn("escalated_at", t.timestamp)
		.addColumn("escalated_by", t.id, (c) => c.references("users.id"))
		// completion (R-REP-6)
		.addColumn("self_check", "text")
		.addColumn("self_checked_at", t.timestamp)
		.addColumn("usage_advice", "text")
		.addColumn("post_repair_warranty_days", "integer", (c) =>
			c.notNull().defaultTo(0).check(sql`post_repair_warranty_days >= 0`),
		)
		.addColumn("post_repair_warranty_end", t.date)
		.addColumn("acceptance", "text", (c) =>
			c.check(
				sql`acceptance is null or acceptance in ('accepted', 'rejected')`,
			),
		)
		.addColumn("acceptance_signer", "text")
		// the customer's signature (PNG) is an attachment of the case (source 'signature')
		.addColumn("signature_id", t.id)
		.addColumn("acceptance_at", t.timestamp)
		.addColumn("acceptance_comment", "text")
		.addColumn("rework_count", "integer", (c) =>
			c.notNull().defaultTo(0).check(sql`rework_count >= 0`),
		)
		// quality inspection (R-REP-7)
		.addColumn("inspection_result", "text", (c) =>
			c.check(
				sql`inspection_result is null or inspection_result in ('passed', 'failed')`,
			),
		)
		.addColumn("inspection_note", "text")
		.addColumn("inspected_by", t.id, (c) => c.references("users.id"))
		.addColumn("inspected_at", t.timestamp)
		.addColumn("inspection_fail_count", "integer", (c) =>
			c.notNull().defaultTo(0).check(sql`inspection_fail_count >= 0`),
		)
		// paid repair (R-REP-9)
		.addColumn("quote_fen", t.money, (c) =>
			c.check(sql`quote_fen is null or quote_fen >= 0`),
		)
		// JSON array of {kind, description, amountFen}
		.addColumn("quote_lines", t.json)
		.addColumn("quote_reason", "text")
		.addColumn("quoted_at", t.timestamp)
		.addColumn("quoted_by", t.id, (c) => c.references("users.id"))
		.addColumn("consent", "text", (c) =>
			c.check(sql`consent is null or consent in ('given', 'refused')`),
		)
		.addColumn("consent_at", t.timestamp)
		.addColumn("consent_by", "text")
		.addColumn("consent_channel", "text", (c) =>
			c.check(
				sql`consent_channel is null or consent_channel in ('phone', 'on_site', 'sms', 'email', 'portal', 'im')`,
			),
		)
		.addColumn("charged_fen", t.money, (c) =>
			c.notNull().defaultTo(0).check(sql`charged_fen >= 0`),
		)
		.addColumn("completed_at", t.timestamp)
		.addColumn("closed_at", t.timestamp)
		.addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
		.addColumn("created_at", t.timestamp, (c) => c.notNull())
		.addColumn("updated_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("repair_orders_technician_idx")
		.on("repair_orders")
		.columns(["technician_id", "case_id"])
		.execute();

	await db.schema
		.createTable("repair_appointments")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("case_id", t.id, (c) => c.notNull().references("cases.id"))
		.addColumn("technician_id", t.id, (c) => c.notNull().references("users.id"))
		.addColumn("window_start", t.timestamp, (c) => c.notNull())
		.addColumn("window_end", t.timestamp, (c) => c.notNull())
		.addColumn("state", "text", (c) =>
			c
				.notNull()
				.defaultTo("scheduled")
				.check(sql`state in ('scheduled', 'done', 'cancelled')`),
		)
		.addColumn("created_by", t.id, (c) => c.references("users.id"))
		.addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
		.addColumn("created_at", t.timestamp, (c) => c.notNull())
		.addColumn("updated_at", t.timestamp, (c) => c.notNull())
		.addCheckConstraint(
			"repair_appointments_window_ck",
			sql`window_end > window_start`,
		)
		.execute();
	await db.schema
		.createIndex("repair_appointments_technician_idx")
		.on("repair_appointments")
		.columns(["technician_id", "window_start"])
		.execute();
	await db.schema
		.createIndex("repair_appointments_start_idx")
		.on("repair_appointments")
		.columns(["window_start"])
		.execute();
	await db.schema
		.createIndex("repair_appointments_case_idx")
		.on("repair_appointments")
		.columns(["case_id"])
		.execute();

	// R-REP-4: reschedule keeps history
	await db.schema
		.createTable("repair_appointment_changes")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("appointment_id", t.id, (c) =>
			c.notNull().references("repair_appointments.id"),
		)
		.addColumn("case_id", t.id, (c) => c.notNull().references("cases.id"))
		.addColumn("old_start", t.timestamp, (c) => c.notNull())
		.addColumn("old_end", t.timestamp, (c) => c.notNull())
		.addColumn("new_start", t.timestamp, (c) => c.notNull())
		.addColumn("new_end", t.timestamp, (c) => c.notNull())
		.addColumn("reason", "text", (c) => c.notNull())
		.addColumn("changed_by", t.id, (c) => c.references("users.id"))
		.addColumn("changed_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("repair_appointment_changes_case_idx")
		.on("repair_appointment_changes")
		.columns(["case_id", "changed_at"])
		.execute();

	// every dispatch with the ranking the agent saw and the technician's answer
	await db.schema
		.createTable("repair_dispatches")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("case_id", t.id, (c) => c.notNull().references("cases.id"))
		.addColumn("technician_id", t.id, (c) => c.notNull().references("users.id"))
		.addColumn("appointment_id", t.id, (c) =>
			c.notNull().references("repair_appointments.id"),
		)
		.addColumn("mode", "text", (c) =>
			c.notNull().check(sql`mode in ('manual', 'auto')`),
		)
		.addColumn("rank", "integer")
		.addColumn("score", t.real)
		.addColumn("top_technician_id", t.id, (c) => c.references("users.id"))
		.addColumn("override_reason", "text")
		.addColumn("outcome", "text", (c) =>
			c
				.notNull()
				.defaultTo("pending")
				.check(
					sql`outcome in ('pending', 'accepted', 'declined', 'withdrawn')`,
				),
		)
		.addColumn("outcome_at", t.timestamp)
		.addColumn("outcome_note", "text")
		.addColumn("dispatched_by", t.id, (c) => c.references("users.id"))
		.addColumn("dispatched_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("repair_dispatches_case_idx")
		.on("repair_dispatches")
		.columns(["case_id", "dispatched_at"])
		.execute();

	await db.schema
		.createTable("repair_part_lines")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("case_id", t.id, (c) => c.notNull().references("cases.id"))
		.addColumn("part_id", t.id, (c) => c.notNull().references("spare_parts.id"))
		.addColumn("location_id", t.id, (c) =>
			c.notNull().references("stock_locations.id"),
		)
		.addColumn("kind", "text", (c) =>
			c.notNull().check(sql`kind in ('issue', 'return')`),
		)
		.addColumn("quantity", "integer", (c) =>
			c.notNull().check(sql`quantity > 0`),
		)
		.addColumn("recorded_by", t.id, (c) => c.references("users.id"))
		.addColumn("recorded_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("repair_part_lines_case_idx")
		.on("repair_part_lines")
		.columns(["case_id", "recorded_at"])
		.execute();

	// R-REP-9: charges of a paid repair (the costs module of a later issue builds on these)
	await db.schema
		.createTable("repair_charges")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("case_id", t.id, (c) => c.notNull().references("cases.id"))
		.addColumn("amount_fen", t.money, (c) =>
			c.notNull().check(sql`amount_fen > 0`),
		)
		.addColumn("method", "text", (c) =>
			c
				.notNull()
				.check(
					sql`method in ('cash', 'bank_transfer', 'wechat_pay', 'alipay', 'card', 'invoice')`,
				),
		)
		.addColumn("note", "text")
		.addColumn("recorded_by", t.id, (c) => c.references("users.id"))
		.addColumn("recorded_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("repair_charges_case_idx")
		.on("repair_charges")
		.columns(["case_id"])
		.execute();

	// post-repair warranty of a unit (R-REP-6, R-WAR-1): the warranty module reads the latest end
	await db.schema
		.createTable("unit_repairs")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("unit_id", t.id, (c) => c.notNull().references("units.id"))
		.addColumn("case_id", t.id, (c) =>
			c.notNull().unique().references("cases.id"),
		)
		.addColumn("completed_on", t.date, (c) => c.notNull())
		.addColumn("warranty_days", "integer", (c) =>
			c.notNull().check(sql`warranty_days >= 0`),
		)
		// last covered day (inclusive)
		.addColumn("warranty_end", t.date, (c) => c.notNull())
		.addColumn("created_at", t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex("unit_repairs_unit_idx")
		.on("unit_repairs")
		.columns(["unit_id", "warranty_end"])
		.execute();

	// where a technician starts from (distance in the dispatch ranking)
	await db.schema
		.createTable("technician_bases")
		.addColumn("id", t.id, (c) => c.primaryKey())
		.addColumn("user_id", t.id, (c) =>
			c.notNull().unique().references("users.id"),
		)
		.addColumn("latitude", t.real, (c) =>
			c.notNull().check(sql`latitude >= -90 and latitude <= 90`),
		)
		.addColumn("longitude", t.real, (c) =>
			c.notNull().check(sql`longitude >= -180 and longitude <= 180`),
		)
		.addColumn("address", "text")
		.addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
		.addColumn("created_at", t.timestamp, (c) => c.notNull())
		.addColumn("updated_at", t.timestamp, (c) => c.notNull())
		.execute();
}

export async function down(): Promise<void> {
	throw new Error("Migrations are forward-only; restore a backup instead.");
}
