/** Repair work orders and dispatch: Kysely queries only (no rules). */
import type { Insertable, Selectable } from "kysely";
import { insertRows, reusableQuery } from "../../db/compiled.js";
import type { DB } from "../../db/database.js";
import type {
	RepairAppointmentChangesTable,
	RepairAppointmentsTable,
	RepairChargesTable,
	RepairDispatchesTable,
	RepairOrdersTable,
	RepairPartLinesTable,
	TechnicianBasesTable,
} from "../../db/types/repairs.js";

export type RepairOrderRow = Selectable<RepairOrdersTable>;
export type AppointmentRow = Selectable<RepairAppointmentsTable>;
export type DispatchRow = Selectable<RepairDispatchesTable>;
export type BaseRow = Selectable<TechnicianBasesTable>;

// ---------------------------------------------------------------- repair orders

export async function insertRepairOrder(
	db: DB,
	row: Insertable<RepairOrdersTable>,
) {
	await insertRows(db, "repair_orders", [row]);
}

export async function findOrderByCase(
	db: DB,
	caseId: string,
): Promise<RepairOrderRow | undefined> {
	return db
		.selectFrom("repair_orders")
		.selectAll()
		.where("case_id", "=", caseId)
		.executeTakeFirst();
}

/** compiled once (reusableQuery): read for every repair case opened */
const productsById = reusableQuery("repairs.product", (db, productId: string) =>
	db
		.selectFrom("products")
		.select(["id", "category_id", "post_repair_warranty_days", "name", "model"])
		.where("id", "=", productId),
);

export async function findProduct(db: DB, productId: string) {
	return (await productsById(db, productId))[0];
}

export async function categoryTree(db: DB) {
	return db
		.selectFrom("product_categories")
		.select(["id", "parent_id", "name"])
		.execute();
}

export async function regionTree(db: DB) {
	return db.selectFrom("regions").select(["id", "parent_id", "name"]).execute();
}

// ---------------------------------------------------------------- users

export async function usersByIds(db: DB, ids: readonly string[]) {
	const unique = [...new Set(ids.filter(Boolean))];
	if (unique.length === 0) return [];
	return db
		.selectFrom("users")
		.select(["id", "display_name", "phone", "email", "status"])
		.where("id", "in", unique)
		.execute();
}

export async function findTechnician(db: DB, userId: string) {
	return db
		.selectFrom("users")
		.select([
			"users.id",
			"users.display_name",
			"users.phone",
			"users.email",
			"users.status",
		])
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom("user_roles")
						.select("user_roles.user_id")
						.whereRef("user_roles.user_id", "=", "users.id")
						.where("user_roles.role", "=", "technician"),
				)
				.as("is_technician"),
		)
		.where("users.id", "=", userId)
		.executeTakeFirst();
}

export async function activeUsersWithRole(db: DB, role: string) {
	return db
		.selectFrom("users")
		.innerJoin("user_roles", "user_roles.user_id", "users.id")
		.select(["users.id", "users.display_name", "users.email"])
		.where("user_roles.role", "=", role)
		.where("users.status", "=", "active")
		.orderBy("users.id")
		.execute();
}

/** Open repair jobs per technician: assigned and neither resolved nor closed. */
async function openJobCounts(db: DB, technicianIds: readonly string[] | null) {
	let q = db
		.selectFrom("repair_orders")
		.innerJoin("cases", "cases.id", "repair_orders.case_id")
		.select([
			"repair_orders.technician_id",
			(eb) => eb.fn.countAll<number>().as("n"),
		])
		.where("repair_orders.technician_id", "is not", null)
		.where("cases.closed_at", "is", null)
		.where("cases.resolved_at", "is", null)
		.groupBy("repair_orders.technician_id");
	if (technicianIds)
		q = q.where("repair_orders.technician_id", "in", technicianIds);
	const rows = await q.execute();
	return new Map(rows.map((r) => [r.technician_id as string, Number(r.n)]));
}

/** Scheduled appointments starting in [from, to) per technician. */
async function appointmentCounts(db: DB, from: string, to: string) {
	const rows = await db
		.selectFrom("repair_appointments")
		.select(["technician_id", (eb) => eb.fn.countAll<number>().as("n")])
		.where("state", "=", "scheduled")
		.where("window_start", ">=", from)
		.where("window_start", "<", to)
		.groupBy("technician_id")
		.execute();
	return new Map(rows.map((r) => [r.technician_id, Number(r.n)]));
}

/** Every user with the technician role (disabled ones too: the ranking drops them) with what ranking needs. */
export async function technicianProfiles(
	db: DB,
	day: { from: string; to: string },
) {
	const users = await db
		.selectFrom("users")
		.innerJoin("user_roles", "user_roles.user_id", "users.id")
		.leftJoin("technician_bases", "technician_bases.user_id", "users.id")
		.select([
			"users.id",
			"users.display_name",
			"users.phone",
			"users.status",
			"technician_bases.latitude",
			"technician_bases.longitude",
		])
		.where("user_roles.role", "=", "technician")
		.orderBy("users.id")
		.execute();
	const skills = await db
		.selectFrom("user_skills")
		.innerJoin("user_roles", "user_roles.user_id", "user_skills.user_id")
		.select([
			"user_skills.user_id",
			"user_skills.category_id",
			"user_skills.level",
		])
		.where("user_roles.role", "=", "technician")
		.execute();
	const regions = await db
		.selectFrom("user_regions")
		.innerJoin("user_roles", "user_roles.user_id", "user_regions.user_id")
		.select(["user_regions.user_id", "user_regions.region_id"])
		.where("user_roles.role", "=", "technician")
		.execute();
	const [open, appointments] = await Promise.all([
		openJobCounts(db, null),
		appointmentCounts(db, day.from, day.to),
	]);
	const skillsOf = new Map<string, { categoryId: string; level: number }[]>();
	for (const s of skills) {
		const list = skillsOf.get(s.user_id) ?? [];
		list.push({ categoryId: s.category_id, level: Number(s.level) });
		skillsOf.set(s.user_id, list);
	}
	const regionsOf = new Map<string, string[]>();
	for (const r of regions) {
		const list = regionsOf.get(r.user_id) ?? [];
		list.push(r.region_id);
		regionsOf.set(r.user_id, list);
	}
	return users.map((u) => ({
		id: u.id,
		name: u.display_name,
		phone: u.phone,
		active: u.status === "active",
		skills: skillsOf.get(u.id) ?? [],
		regionIds: regionsOf.get(u.id) ?? [],
		base:
			u.latitude === null || u.longitude === null
				? null
				: { latitude: Number(u.latitude), longitude: Number(u.longitude) },
		openJobs: open.get(u.id) ?? 0,
		appointmentsThatDay: appointments.get(u.id) ?? 0,
	}));
}

// ---------------------------------------------------------------- appointments and dispatches

export async function insertAppointment(
	db: DB,
	row: Insertable<RepairAppointmentsTable>,
) {
	await db.insertInto("repair_appointments").values(row).execute();
}

export async function findAppointment(
	db: DB,
	id: string,
): Promise<AppointmentRow | undefined> {
	return db
		.selectFrom("repair_appointments")
		.selectAll()
		.where("id", "=", id)
		.executeTakeFirst();
}

export async function insertAppointmentChange(
	db: DB,
	row: Insertable<RepairAppointmentChangesTable>,
) {
	await db.insertInto("repair_appointment_changes").values(row).execute();
}

export async function appointmentChangesOf(db: DB, caseId: string) {
	return db
		.selectFrom("repair_appointment_changes")
		.selectAll()
		.where("case_id", "=", caseId)
		.orderBy("changed_at")
		.orderBy("id")
		.execute();
}

export async function insertDispatch(
	db: DB,
	row: Insertable<RepairDispatchesTable>,
) {
	await db.insertInto("repair_dispatches").values(row).execute();
}

export async function dispatchesOf(
	db: DB,
	caseId: string,
): Promise<DispatchRow[]> {
	return db
		.selectFrom("repair_dispatches")
		.selectAll()
		.where("case_id", "=", caseId)
		.orderBy("dispatched_at")
		.orderBy("id")
		.execute();
}

/** Set the outcome of the case's dispatches still in one of `from` (pending / accepted). */
export async function settleDispatches(
	db: DB,
	caseId: string,
	from: readonly ("pending" | "accepted")[],
	outcome: "accepted" | "declined" | "withdrawn",
	at: string,
	note: string | null,
) {
	await db
		.updateTable("repair_dispatches")
		.set({ outcome, outcome_at: at, outcome_note: note })
		.where("case_id", "=", caseId)
		.where("outcome", "in", from)
		.execute();
}

export async function declinedTechnicians(
	db: DB,
	caseId: string,
): Promise<Set<string>> {
	const rows = await db
		.selectFrom("repair_dispatches")
		.select("technician_id")
		.where("case_id", "=", caseId)
		.where("outcome", "=", "declined")
		.execute();
	return new Set(rows.map((r) => r.technician_id));
}

// ---------------------------------------------------------------- parts and charges

export async function insertPartLines(
	db: DB,
	rows: Insertable<RepairPartLinesTable>[],
) {
	if (rows.length)
		await db.insertInto("repair_part_lines").values(rows).execute();
}

export async function partLinesOf(db: DB, caseId: string) {
	return db
		.selectFrom("repair_part_lines")
		.innerJoin("spare_parts", "spare_parts.id", "repair_part_lines.part_id")
		.innerJoin(
			"stock_locations",
			"stock_locations.id",
			"repair_part_lines.location_id",
		)
		.select([
			"repair_part_lines.id",
			"repair_part_lines.part_id",
			"repair_part_lines.location_id",
			"repair_part_lines.kind",
			"repair_part_lines.quantity",
			"repair_part_lines.recorded_by",
			"repair_part_lines.recorded_at",
			"spare_parts.code as part_code",
			"spare_parts.name as part_name",
			"spare_parts.unit_of_measure",
			"stock_locations.name as location_name",
		])
		.where("repair_part_lines.case_id", "=", caseId)
		.orderBy("repair_part_lines.recorded_at")
		.orderBy("repair_part_lines.id")
		.execute();
}

export async function insertCharge(
	db: DB,
	row: Insertable<RepairChargesTable>,
) {
	await db.insertInto("repair_charges").values(row).execute();
}

export async function chargesOf(db: DB, caseId: string) {
	return db
		.selectFrom("repair_charges")
		.selectAll()
		.where("case_id", "=", caseId)
		.orderBy("recorded_at")
		.orderBy("id")
		.execute();
}

// ---------------------------------------------------------------- technician bases

export async function findBase(
	db: DB,
	userId: string,
): Promise<BaseRow | undefined> {
	return db
		.selectFrom("technician_bases")
		.selectAll()
		.where("user_id", "=", userId)
		.executeTakeFirst();
}

export async function insertBase(
	db: DB,
	row: Insertable<TechnicianBasesTable>,
) {
	await db.insertInto("technician_bases").values(row).execute();
}

// ---------------------------------------------------------------- board and a technician's jobs

const jobColumns = [
	"cases.id as case_id",
	"cases.number",
	"cases.title",
	"cases.description",
	"cases.state",
	"cases.urgency",
	"cases.contact_name",
	"cases.contact_phone",
	"cases.address",
	"cases.latitude",
	"cases.longitude",
	"cases.version",
	"customers.name as customer_name",
	"products.name as product_name",
	"units.serial_number",
	"repair_orders.warranty_status",
	"repair_orders.technician_id",
] as const;

/** Appointments starting in [from, to) with their case, for the board (scheduled and done). */
export async function appointmentsBetween(db: DB, from: string, to: string) {
	return db
		.selectFrom("repair_appointments")
		.innerJoin("cases", "cases.id", "repair_appointments.case_id")
		.leftJoin("customers", "customers.id", "cases.customer_id")
		.select([
			"repair_appointments.id as appointment_id",
			"repair_appointments.technician_id",
			"repair_appointments.window_start",
			"repair_appointments.window_end",
			"repair_appointments.state as appointment_state",
			"cases.id as case_id",
			"cases.number",
			"cases.title",
			"cases.state",
			"cases.urgency",
			"cases.address",
			"customers.name as customer_name",
		])
		.where("repair_appointments.state", "in", ["scheduled", "done"])
		.where("repair_appointments.window_start", ">=", from)
		.where("repair_appointments.window_start", "<", to)
		.orderBy("repair_appointments.window_start")
		.orderBy("repair_appointments.id")
		.execute();
}

export async function technicianList(db: DB) {
	const users = await db
		.selectFrom("users")
		.innerJoin("user_roles", "user_roles.user_id", "users.id")
		.select(["users.id", "users.display_name", "users.phone", "users.status"])
		.where("user_roles.role", "=", "technician")
		.orderBy("users.display_name")
		.orderBy("users.id")
		.execute();
	const open = await openJobCounts(db, null);
	return users.map((u) => ({ ...u, open_jobs: open.get(u.id) ?? 0 }));
}

/** The technician's open jobs (not resolved, not closed) with their current appointment. */
export async function openJobsOf(db: DB, technicianId: string) {
	return db
		.selectFrom("repair_orders")
		.innerJoin("cases", "cases.id", "repair_orders.case_id")
		.leftJoin("customers", "customers.id", "cases.customer_id")
		.leftJoin("units", "units.id", "cases.unit_id")
		.leftJoin("products", "products.id", "cases.product_id")
		.leftJoin("repair_appointments", (join) =>
			join
				.onRef("repair_appointments.id", "=", "repair_orders.appointment_id")
				.on("repair_appointments.state", "!=", "cancelled"),
		)
		.select([
			...jobColumns,
			"repair_appointments.window_start",
			"repair_appointments.window_end",
		])
		.where("repair_orders.technician_id", "=", technicianId)
		.where("cases.closed_at", "is", null)
		.where("cases.resolved_at", "is", null)
		.orderBy("repair_appointments.window_start")
		.orderBy("cases.id")
		.execute();
}
