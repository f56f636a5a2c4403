/**
 * The case core (工单) shared by every case type: intake, ownership (首问负责制), workflow actions,
 * timeline, duplicates, links and merges, waiting (pauses), queues. R-REQ-1..7, R-CAL-3..4.
 *
 * ── Commands (each one transaction: row change + audit + timeline event) ────────────────────────
 *   openCase(ctx, OpenCaseRequest) → OpenCaseResponse {case, match, duplicates}
 *       intake from an agent (phone), the API, and later e-mail/portal (run those as systemActor: the
 *       case then goes to the default intake owner setting). Customer/unit matched by unit id, serial,
 *       phone, e-mail (R-REQ-4) or created from `newCustomer`; number from the type's prefix and the
 *       year in the company time zone; deadlines of the policies that start at open; duplicates.
 *   applyCaseAction(ctx, caseId, {action, version, note?, data?}) → CaseDetail
 *       a workflow action of the case's type (409 illegal_transition with allowedActions, 409 stale
 *       version, 422 action_refused from a guard), or a core action: wait_customer | wait_parts |
 *       wait_third_party | resume.
 *   assignOwner(ctx, caseId, {ownerId, version, note?})     hand over to a named person (case.assign)
 *   addNote(ctx, caseId, {note, visibility?}) → CaseEvent
 *   linkCases(ctx, caseId, {otherCaseId, kind, note?})     duplicate / related
 *   mergeCase(ctx, sourceId, {targetId, version, note?})   source → state 'merged'; target keeps owner
 *   pauseCase(ctx, caseId, {reason, version, note?}) / resumeCase(ctx, caseId, {version, note?})
 *   putCaseType(ctx, code, …), updateCaseSettings(ctx, …)  (settings.write)
 *   SLA policies: see sla.service.ts (listSlaPolicies, createSlaPolicy, updateSlaPolicy).
 *
 * ── Queries ──────────────────────────────────────────────────────────────────────────────────────
 *   listCases(ctx, CaseListQuery) → Page<CaseSummary>   queues mine/unassigned/overdue/due_soon/waiting/escalated
 *   getCase(ctx, id) → CaseDetail   deadlines with status (R-CAL-4), allowedActions for this actor,
 *                                   links, merged sources, timeline (merged sources included)
 *   getTimeline(ctx, id, page), findDuplicates(ctx, id), listCaseTypes(ctx), getCaseSettings(ctx)
 *   failureHistoryOfUnit(db, unitId)   cases on a unit, for the unit page (no permission check)
 *
 * ── For modules built on the core (call inside YOUR transaction; they never open one) ─────────────
 *   getCaseRecord(tx, id) → CaseRecord (404)
 *   transitionCase(tx, caseId, {action, version?, note?, data?}, {calendar?}) → CaseRecord
 *       the same as applyCaseAction without the permission checks (do your own), e.g. the repairs
 *       service dispatches a work order and moves the case in one transaction.
 *   setCaseWaiting(tx, caseId, reason | null, {version?, note?, calendar?}) → CaseRecord  (pause / resume)
 *   recordCaseEvent(tx, caseId, {kind, …})         cases.timeline.ts
 *   startDeadline / meetDeadline / cancelDeadline   sla.service.ts
 *   assertCanReadCase(ctx, record), canWorkOnCase(ctx, record)
 * Extension points (workflows, assignee filter for technicians, queue filter): cases.registry.ts, e.g.
 *   registerCaseWorkflow({ name: 'repair', initialState: 'new', table: REPAIR_TABLE,
 *     closedStates: ['closed', 'cancelled'], resolvedStates: ['accepted'], noteRequired: ['reject'],
 *     dataSchemas: { dispatch: z.object({ technicianId: z.uuid() }) },
 *     effects: { contact: { meet: RESPONSE_METRICS, firstReply: true }, check_in: { meet: ['on_site_arrival'] } },
 *     onOpen: async (tx, c) => { … }, onTransition: async (tx, { before, after, decision, data }) => { … } });
 *   registerCaseAssigneeFilter((eb, userId) => eb.exists(eb.selectFrom('work_orders')
 *     .whereRef('work_orders.case_id', '=', 'cases.id').where('work_orders.technician_id', '=', userId).select('work_orders.id')));
 * Reference data (case types, default SLA policies): ensureCaseReferenceData (cases.seed.ts) at
 * startup; tests call prepareCaseCore(ctx) from server/testing/factories/cases.ts.
 *
 * Per record: case.readAll (desk roles) reads every case; otherwise (technicians) only cases the
 * user owns or is assigned to through a registered assignee filter — 403 for the others.
 */
import type {
  AddNoteRequest,
  AssignOwnerRequest,
  CaseActionRequest,
  CaseDetail,
  CaseEvent,
  CaseListQuery,
  CaseSettings,
  CaseSummary,
  CaseType,
  CustomerMatch,
  DuplicateCandidate,
  LinkCasesRequest,
  MergeCaseRequest,
  OpenCaseRequest,
  OpenCaseResponse,
  PauseCaseRequest,
  PutCaseTypeRequest,
  ResumeCaseRequest,
  UpdateCaseSettingsRequest,
  WaitingOn,
} from '../../../contracts/cases.js';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import { localDateOf, type WorkingCalendar } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import {
  BadRequestError,
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  VersionConflictError,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import { enqueueMessage } from '../../platform/outbox.js';
import type { Page } from '../../platform/pagination.js';
import { assertCan, can } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { type Decision, decide, GuardRefusedError, allowedActions as tableActions } from '../../platform/workflow.js';
import { normalizeEmail, normalizeSerial, phoneDigits } from '../customers/customer-text.js';
import { CUSTOMER_NUMBER_PREFIX, createCustomer } from '../customers/customers.service.js';
import { ORDER_NUMBER_PREFIX } from '../customers/orders.service.js';
import { notifyCaseReceived } from '../notifications/notifications.service.js';
import { type CaseRecord, type CaseRow, toCaseRecord } from './cases.model.js';
import { presentCaseDetail, presentCaseSummary, presentCaseType, presentDeadline, presentEvent } from './cases.presenter.js';
import { type CaseWorkflow, caseAssigneeFilters, caseQueueFilter, findCaseWorkflow } from './cases.registry.js';
import * as repo from './cases.repository.js';
import { eventRow, recordCaseEvent } from './cases.timeline.js';
import { isWaitAction, RESUME_ACTION, WAIT_ACTIONS } from './cases.workflow.js';
import { caseSimilarity } from './similarity.js';
import {
  cancelDeadline,
  cancelOpenDeadlines,
  companyCalendar,
  meetDeadline,
  pauseDeadlines,
  resumeDeadlines,
  startDeadline,
  startOpeningDeadlines,
} from './sla.service.js';

export type { CaseRecord } from './cases.model.js';
export { recordCaseEvent } from './cases.timeline.js';
export { cancelDeadline, meetDeadline, startDeadline } from './sla.service.js';

// ---------------------------------------------------------------------------------------------
// Helpers

function fieldError(field: string | (string | number)[], message: string): BadRequestError {
  const path = ['body', ...(Array.isArray(field) ? field : [field])];
  return new BadRequestError(message, [{ path, message }]);
}

function workflowOf(name: string): CaseWorkflow {
  const wf = findCaseWorkflow(name);
  if (!wf) throw new Error(`no case workflow registered under "${name}"`);
  return wf;
}

async function caseTypeOf(db: DB, code: string): Promise<repo.CaseTypeRow> {
  const type = await repo.cachedCaseType(db, code);
  if (!type) throw new Error(`case type ${code} is missing`);
  return type;
}

async function mustFindCase(db: DB, id: string): Promise<CaseRow> {
  const row = await repo.findCase(db, id);
  if (!row) throw new NotFoundError('case', id);
  return row;
}

export async function getCaseRecord(tx: ServiceContext, id: string): Promise<CaseRecord> {
  return toCaseRecord(await mustFindCase(tx.db, id));
}

// ---------------------------------------------------------------------------------------------
// Per-record access

async function isOwnerOrAssignee(ctx: ServiceContext, c: CaseRecord): Promise<boolean> {
  if (ctx.actor.kind !== 'user') return false;
  if (c.ownerId === ctx.actor.id) return true;
  return repo.isAssignee(ctx.db, c.id, ctx.actor.id, caseAssigneeFilters());
}

export async function canReadCase(ctx: ServiceContext, c: CaseRecord): Promise<boolean> {
  if (!can(ctx.actor, 'case.read')) return false;
  return can(ctx.actor, 'case.readAll') || (await isOwnerOrAssignee(ctx, c));
}

export async function assertCanReadCase(ctx: ServiceContext, c: CaseRecord): Promise<void> {
  assertCan(ctx.actor, 'case.read');
  if (!(await canReadCase(ctx, c))) throw new ForbiddenError('只能查看自己负责或被指派的工单 (not your case)', { caseId: c.id });
}

/** May this actor work the case (actions, notes, waiting)? case.update, and for technicians only their own. */
export async function canWorkOnCase(ctx: ServiceContext, c: CaseRecord): Promise<boolean> {
  if (!can(ctx.actor, 'case.update')) return false;
  return can(ctx.actor, 'case.readAll') || (await isOwnerOrAssignee(ctx, c));
}

async function assertCanWork(ctx: ServiceContext, c: CaseRecord): Promise<void> {
  assertCan(ctx.actor, 'case.update');
  if (!(await canWorkOnCase(ctx, c)))
    throw new ForbiddenError('只能处理自己负责或被指派的工单 (not your case)', { caseId: c.id });
}

function assertVersion(c: CaseRecord, version: number | undefined) {
  if (version !== undefined && c.version !== version) throw new VersionConflictError('case', c.id, c.version);
}

/** Workflow actions of the current state for this actor, then the core wait/resume actions. */
async function allowedActionsFor(ctx: ServiceContext, c: CaseRecord, wf: CaseWorkflow): Promise<string[]> {
  if (!(await canWorkOnCase(ctx, c))) return [];
  const actions = tableActions(wf.table, c.state, ctx.actor, { case: c, input: null });
  if (c.closedAt === null && c.state !== 'merged' && !wf.resolvedStates.includes(c.state)) {
    if (c.waitingOn) actions.push(RESUME_ACTION);
    else actions.push(...Object.keys(WAIT_ACTIONS));
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------
// Settings

export const CASE_SETTINGS_KEY = 'cases.settings';
const DEFAULT_CASE_SETTINGS = { defaultIntakeOwnerId: null as string | null, duplicateWindowDays: 30, similarityThreshold: 0.3 };

/** The case settings (cached: db/reference-data.ts); `fresh` reads the row itself (before a change). */
export async function readCaseSettings(db: DB, options: { fresh?: boolean } = {}): Promise<CaseSettings> {
  const row = options.fresh ? await repo.findSetting(db, CASE_SETTINGS_KEY) : await repo.cachedSetting(db, CASE_SETTINGS_KEY);
  if (!row) return { ...DEFAULT_CASE_SETTINGS, version: 1, updatedAt: null };
  const stored = { ...DEFAULT_CASE_SETTINGS, ...(JSON.parse(row.value) as Partial<typeof DEFAULT_CASE_SETTINGS>) };
  return { ...stored, version: Number(row.version), updatedAt: row.updated_at };
}

export async function getCaseSettings(ctx: ServiceContext): Promise<CaseSettings> {
  assertCan(ctx.actor, 'case.read');
  return readCaseSettings(ctx.db);
}

export async function updateCaseSettings(ctx: ServiceContext, input: UpdateCaseSettingsRequest): Promise<CaseSettings> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    if (input.defaultIntakeOwnerId) await assertActiveUser(tx, input.defaultIntakeOwnerId, 'defaultIntakeOwnerId');
    const before = await readCaseSettings(tx.db, { fresh: true });
    const value = {
      defaultIntakeOwnerId: input.defaultIntakeOwnerId,
      duplicateWindowDays: input.duplicateWindowDays,
      similarityThreshold: input.similarityThreshold,
    };
    const now = tx.clock.now().toISOString();
    const existing = await repo.findSetting(tx.db, CASE_SETTINGS_KEY);
    const saved = existing
      ? await repo.updateSettingVersioned(tx.db, CASE_SETTINGS_KEY, input.version, value, now)
      : input.version === 1 && (await repo.insertSettingIfMissing(tx.db, CASE_SETTINGS_KEY, value, 2, now));
    if (!saved) throw new VersionConflictError('setting', CASE_SETTINGS_KEY, before.version);
    const { version: _v, updatedAt: _u, ...beforeValue } = before;
    await recordAudit(tx, {
      entity: 'setting',
      entityId: CASE_SETTINGS_KEY,
      action: 'update',
      before: beforeValue,
      after: value,
    });
    return readCaseSettings(tx.db);
  });
}

async function assertActiveUser(tx: ServiceContext, userId: string, field: string) {
  const user = await repo.findUserRef(tx.db, userId);
  if (!user) throw fieldError(field, '用户不存在 (unknown user)');
  if (user.status !== 'active')
    throw new BusinessRuleError('user_inactive', '该用户已停用，不能负责工单 (the user is disabled)', { path: ['body', field] });
  return user;
}

// ---------------------------------------------------------------------------------------------
// Case types (R-REQ-2: configurable)

export async function listCaseTypes(ctx: ServiceContext): Promise<{ items: CaseType[] }> {
  assertCan(ctx.actor, 'case.read');
  return { items: (await repo.listCaseTypes(ctx.db)).map(presentCaseType) };
}

/**
 * Prefixes other records are numbered with (the counter row is per prefix and year): a case type
 * must not share one. Modules that number other things with nextNumber add theirs here.
 */
export const RESERVED_PREFIXES: string[] = [CUSTOMER_NUMBER_PREFIX, ORDER_NUMBER_PREFIX];

/**
 * Create (no version) or change (with the version read) a case type. Any registered workflow may be
 * chosen for a new type (normally 'simple'); the built-in types keep their workflow.
 */
export async function putCaseType(ctx: ServiceContext, code: string, input: PutCaseTypeRequest): Promise<CaseType> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    const existing = await repo.findCaseType(tx.db, code);
    const workflow = input.workflow ?? existing?.workflow ?? 'simple';
    if (!findCaseWorkflow(workflow)) throw fieldError('workflow', `未知的流程 (unknown workflow "${workflow}")`);
    if (RESERVED_PREFIXES.includes(input.numberPrefix) && existing?.number_prefix !== input.numberPrefix) {
      throw new ConflictError(
        'duplicate_prefix',
        `编号前缀 ${input.numberPrefix} 已用于其他编号 (the prefix numbers other records)`,
        {
          path: ['body', 'numberPrefix'],
        },
      );
    }
    const sameprefix = await repo.findCaseTypeByPrefix(tx.db, input.numberPrefix);
    if (sameprefix && sameprefix.code !== code) {
      throw new ConflictError('duplicate_prefix', `编号前缀 ${input.numberPrefix} 已被「${sameprefix.name_zh}」使用`, {
        path: ['body', 'numberPrefix'],
      });
    }
    const now = tx.clock.now().toISOString();
    if (!existing) {
      if (input.version !== undefined) throw new NotFoundError('case_type', code);
      const row = {
        code,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        number_prefix: input.numberPrefix,
        workflow,
        allow_anonymous: input.allowAnonymous ?? false,
        builtin: false,
        enabled: input.enabled ?? true,
        sort_order: input.sortOrder ?? 100,
        created_at: now,
        updated_at: now,
      };
      await repo.insertCaseType(tx.db, row);
      await recordAudit(tx, { entity: 'case_type', entityId: code, action: 'create', after: row });
    } else {
      if (input.version === undefined)
        throw fieldError('version', '修改工单类型需要版本号 (version is required to change a type)');
      if (existing.builtin && workflow !== existing.workflow) {
        throw new BusinessRuleError('builtin_workflow', '内置工单类型的流程不能更改 (a built-in type keeps its workflow)', {
          path: ['body', 'workflow'],
        });
      }
      const patch = {
        name_zh: input.nameZh,
        name_en: input.nameEn,
        number_prefix: input.numberPrefix,
        workflow,
        allow_anonymous: input.allowAnonymous ?? Boolean(existing.allow_anonymous),
        enabled: input.enabled ?? Boolean(existing.enabled),
        sort_order: input.sortOrder ?? Number(existing.sort_order),
        updated_at: now,
      };
      if (!(await repo.updateCaseType(tx.db, code, input.version, patch)))
        throw new VersionConflictError('case_type', code, Number(existing.version));
      await recordAudit(tx, { entity: 'case_type', entityId: code, action: 'update', before: existing, after: patch });
    }
    return presentCaseType((await repo.findCaseType(tx.db, code))!);
  });
}

// ---------------------------------------------------------------------------------------------
// Intake

interface Parties {
  customerId: string | null;
  contactId: string | null;
  unitId: string | null;
  productId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  regionId: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  match: CustomerMatch;
  ambiguous: { customerId: string; name: string }[];
}

function distinctCustomers<T extends { customer_id: string; customer_name: string }>(rows: T[]) {
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(r.customer_id)) seen.set(r.customer_id, r.customer_name);
  return [...seen].map(([customerId, name]) => ({ customerId, name }));
}

/** Customer, contact and unit of a new case (R-REQ-4), and where the job is. Throws 400/422 on bad references. */
async function resolveParties(tx: ServiceContext, input: OpenCaseRequest): Promise<Parties> {
  let match: CustomerMatch = 'none';
  const ambiguous: { customerId: string; name: string }[] = [];

  // unit: by id, else by serial number
  let unit: Awaited<ReturnType<typeof repo.findUnitRef>> | null = null;
  if (input.unitId) {
    unit = (await repo.findUnitRef(tx.db, input.unitId)) ?? null;
    if (!unit) throw fieldError('unitId', '设备不存在 (unknown unit)');
  } else if (input.serialNumber) {
    let units = await repo.unitsBySerial(tx.db, normalizeSerial(input.serialNumber), input.productId);
    if (input.customerId) units = units.filter((u) => u.customer_id === input.customerId);
    if (units.length === 1) unit = (await repo.findUnitRef(tx.db, units[0].id)) ?? null;
    else if (units.length > 1) ambiguous.push(...distinctCustomers(units));
  }

  // customer: given, created on the spot, from the unit, else by phone / e-mail
  let customerId: string | null = null;
  let customerRegionId: string | null = null;
  let contactId: string | null = null;
  let contact: { id: string; name: string; phone: string | null; email: string | null } | null = null;
  if (input.customerId) {
    const customer = await repo.findCustomerRef(tx.db, input.customerId);
    if (!customer) throw fieldError('customerId', '客户不存在 (unknown customer)');
    if (customer.status === 'merged')
      throw new BusinessRuleError('customer_merged', '该客户档案已合并，请选择合并后的客户 (the customer was merged)', {
        path: ['body', 'customerId'],
      });
    customerId = customer.id;
    customerRegionId = customer.region_id;
    match = 'given';
  } else if (input.newCustomer) {
    if (unit)
      throw new BusinessRuleError('unit_customer_mismatch', '该设备已登记在其他客户名下 (the unit belongs to another customer)', {
        path: ['body', 'newCustomer'],
      });
    const caller = input.newCustomer;
    const hasContact = Boolean(input.contactName || input.contactPhone || input.contactEmail);
    // inTransaction joins ours: the caller and the case are one command
    const created = await createCustomer(tx, {
      kind: caller.kind ?? 'person',
      name: caller.name,
      regionId: caller.regionId ?? input.regionId ?? null,
      contacts: hasContact
        ? [
            {
              name: input.contactName ?? caller.name,
              phone: input.contactPhone ?? null,
              email: input.contactEmail ?? null,
              isPrimary: true,
            },
          ]
        : [],
      addresses: caller.address ? [{ ...caller.address, isDefault: true }] : [],
    });
    customerId = created.id;
    const primary = created.contacts[0];
    if (primary) contact = { id: primary.id, name: primary.name, phone: primary.phone, email: primary.email };
    match = 'created';
  } else if (unit) {
    customerId = unit.customer_id;
    match = input.unitId ? 'unit' : 'serial';
  } else {
    const digits = phoneDigits(input.contactPhone);
    if (digits) {
      const rows = await repo.contactsByPhoneDigits(tx.db, digits);
      const customers = distinctCustomers(rows);
      if (customers.length === 1) {
        customerId = customers[0].customerId;
        contact = { id: rows[0].contact_id, name: rows[0].contact_name, phone: rows[0].phone, email: rows[0].email };
        match = 'phone';
      } else if (customers.length > 1) ambiguous.push(...customers);
    }
    const email = normalizeEmail(input.contactEmail);
    if (!customerId && email) {
      const rows = await repo.contactsByEmail(tx.db, email);
      const customers = distinctCustomers(rows);
      if (customers.length === 1) {
        customerId = customers[0].customerId;
        contact = { id: rows[0].contact_id, name: rows[0].contact_name, phone: rows[0].phone, email: rows[0].email };
        match = 'email';
      } else if (customers.length > 1)
        ambiguous.push(...customers.filter((c) => !ambiguous.some((a) => a.customerId === c.customerId)));
    }
  }
  if (unit && customerId && unit.customer_id !== customerId) {
    throw new BusinessRuleError('unit_customer_mismatch', '该设备不属于所选客户 (the unit belongs to another customer)', {
      path: ['body', input.unitId ? 'unitId' : 'serialNumber'],
    });
  }

  // contact: given, else the matched one, else the customer's contact with the caller's phone
  if (input.contactId) {
    const given = await repo.findContactRef(tx.db, input.contactId);
    if (!given) throw fieldError('contactId', '联系人不存在 (unknown contact)');
    if (given.customer_id !== customerId) {
      throw new BusinessRuleError('contact_customer_mismatch', '联系人不属于该客户 (the contact belongs to another customer)', {
        path: ['body', 'contactId'],
      });
    }
    contact = { id: given.id, name: given.name, phone: given.phone, email: given.email };
  } else if (!contact && customerId) {
    const digits = phoneDigits(input.contactPhone);
    const rows = digits ? (await repo.contactsByPhoneDigits(tx.db, digits)).filter((r) => r.customer_id === customerId) : [];
    if (rows[0]) contact = { id: rows[0].contact_id, name: rows[0].contact_name, phone: rows[0].phone, email: rows[0].email };
  }
  contactId = contact?.id ?? null;

  let productId = unit?.product_id ?? input.productId ?? null;
  if (!unit && productId && !(await repo.productExists(tx.db, productId)))
    throw fieldError('productId', '产品不存在 (unknown product)');
  if (unit) productId = unit.product_id;

  if (input.regionId && !(await repo.regionExists(tx.db, input.regionId)))
    throw fieldError('regionId', '区域不存在 (unknown region)');
  let regionId = input.regionId ?? null;
  let address = input.address ?? null;
  let latitude = input.latitude ?? null;
  let longitude = input.longitude ?? null;
  if (customerId && (!address || latitude === null || !regionId)) {
    const where = await repo.addressForJob(tx.db, customerId, unit?.installation_address_id ?? null);
    if (!customerRegionId && !where?.region_id)
      customerRegionId = (await repo.findCustomerRef(tx.db, customerId))?.region_id ?? null;
    if (!address) {
      address =
        unit?.installation_address ??
        (where ? [where.province, where.city, where.district, where.line].filter(Boolean).join('') : null);
    }
    if (latitude === null && longitude === null && where && input.address === undefined) {
      latitude = where.latitude === null ? null : Number(where.latitude);
      longitude = where.longitude === null ? null : Number(where.longitude);
    }
    regionId = regionId ?? where?.region_id ?? customerRegionId;
  }

  return {
    customerId,
    contactId,
    unitId: unit?.id ?? null,
    productId,
    contactName: input.contactName ?? contact?.name ?? null,
    contactPhone: input.contactPhone ?? contact?.phone ?? null,
    contactEmail: input.contactEmail ?? contact?.email ?? null,
    regionId,
    address,
    latitude,
    longitude,
    match,
    ambiguous,
  };
}

/** 首问负责制: the named owner (naming someone else needs case.assign), else the receiving user, else the intake pool. */
async function intakeOwner(tx: ServiceContext, input: OpenCaseRequest, settings: CaseSettings): Promise<string> {
  if (input.ownerId) {
    if (input.ownerId !== tx.actor.id) assertCan(tx.actor, 'case.assign');
    await assertActiveUser(tx, input.ownerId, 'ownerId');
    return input.ownerId;
  }
  if (tx.actor.kind === 'user') return tx.actor.id;
  if (!settings.defaultIntakeOwnerId) {
    throw new BusinessRuleError(
      'no_intake_owner',
      '未设置默认受理人，系统受理的工单无人负责 (set the default intake owner in the case settings)',
    );
  }
  await assertActiveUser(tx, settings.defaultIntakeOwnerId, 'ownerId');
  return settings.defaultIntakeOwnerId;
}

export interface OpenCaseOptions {
  /** send the 工单受理 notice (case number) to the contact; inbound mail follows its auto-reply setting */
  acknowledge?: boolean;
}

export async function openCase(ctx: ServiceContext, input: OpenCaseRequest, options: OpenCaseOptions = {}): Promise<OpenCaseResponse> {
  assertCan(ctx.actor, 'case.create');
  const cal = await companyCalendar(ctx);
  const settings = await readCaseSettings(ctx.db);
  const result = await inTransaction(ctx, async (tx) => {
    const type = await repo.cachedCaseType(tx.db, input.type);
    if (!type?.enabled) throw fieldError('type', '工单类型不存在或已停用 (unknown or disabled case type)');
    const wf = workflowOf(type.workflow);
    const ownerId = await intakeOwner(tx, input, settings);
    const parties = await resolveParties(tx, input);
    if (!parties.customerId && !type.allow_anonymous) {
      throw new BusinessRuleError(
        'customer_required',
        '请选择客户或新建来电客户 (a customer is required: choose one or create the caller)',
        {
          path: ['body', 'customerId'],
          ambiguous: parties.ambiguous,
        },
      );
    }
    const now = tx.clock.now();
    const nowIso = now.toISOString();
    const year = Number(localDateOf(now, cal).slice(0, 4));
    const number = await nextNumber(tx, type.number_prefix, year);
    const row: CaseRow = {
      id: newId(),
      number,
      type: type.code,
      state: wf.initialState,
      channel: input.channel,
      customer_id: parties.customerId,
      contact_id: parties.contactId,
      contact_name: parties.contactName,
      contact_phone: parties.contactPhone,
      contact_email: parties.contactEmail,
      unit_id: parties.unitId,
      product_id: parties.productId,
      title: input.title,
      description: input.description ?? null,
      fault_started_on: input.faultStartedOn ?? null,
      usage_environment: input.usageEnvironment ?? null,
      severity: input.severity ?? 'general',
      urgency: input.urgency ?? 'medium',
      on_site_required: input.onSiteRequired ?? false,
      owner_id: ownerId,
      region_id: parties.regionId,
      address: parties.address,
      latitude: parties.latitude,
      longitude: parties.longitude,
      waiting_on: null,
      waiting_since: null,
      escalation_level: 0,
      escalated: false,
      merged_into_id: null,
      first_replied_at: null,
      resolved_at: null,
      closed_at: null,
      created_by: tx.actor.id,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    };
    // what the command writes for the case, so the response needs not read it back (endOpeningJournal below)
    const written = repo.startOpeningJournal(row.id, row.number);
    try {
      const opened = await openCaseRows(tx, { options, settings, cal, parties, ownerId, row, wf, now });
      // the answer's case row, as the command leaves it (hooks may change it), read on the writer:
      // its cache holds the pages just written, where the reader's was dropped by the last commit
      const detailRow = await repo.findCaseDetailRow(tx.db, row.id);
      return { ...opened, written, detailRow };
    } finally {
      repo.endOpeningJournal(row.id);
    }
  });
  return {
    case: await caseDetail(ctx, result.id, cal, { justOpened: true, written: result.written, row: result.detailRow }),
    match: result.match,
    duplicates: result.duplicates,
  };
}

/** The rows of a case being opened: the case, its deadlines, timeline, audit, the workflow's own rows, the notice. */
async function openCaseRows(
  tx: ServiceContext,
  args: {
    options: OpenCaseOptions;
    settings: CaseSettings;
    cal: WorkingCalendar;
    parties: Awaited<ReturnType<typeof resolveParties>>;
    ownerId: string;
    row: CaseRow;
    wf: ReturnType<typeof workflowOf>;
    now: Date;
  },
) {
  const { options, settings, cal, parties, ownerId, row, wf, now } = args;
  await repo.insertCase(tx.db, row);
  const record = toCaseRecord(row);
  const deadlines = await startOpeningDeadlines(tx, record, cal);
  await recordCaseEvent(tx, row.id, {
    kind: 'created',
    toState: row.state,
    data: {
      channel: row.channel,
      match: parties.match,
      ownerId,
      deadlines: deadlines.map((d) => ({ metric: d.metric, dueAt: d.dueAt })),
    },
  });
  await recordAudit(tx, { entity: 'case', entityId: row.id, action: 'create', after: { ...row, deadlines } });
  await wf.onOpen?.(tx, record);
  // R-REQ-1 / issue 3 §9: the customer gets the case number (template 工单受理, disabled by an admin if unwanted)
  if (options.acknowledge ?? true) await notifyCaseReceived(tx, row.id);
  // a caller created just now has no earlier cases
  const duplicates = parties.match === 'created' ? [] : await duplicateCandidates(tx.db, record, settings, now);
  return { id: row.id, match: { customer: parties.match, ambiguous: parties.ambiguous }, duplicates };
}

// ---------------------------------------------------------------------------------------------
// Duplicates (R-REQ-5)

/**
 * Open cases of the same customer or unit opened within the window (setting, 30 days) whose text is
 * similar (character-bigram Jaccard ≥ threshold, setting 0.3); an open case on the same unit is a
 * candidate whatever its text. Best first, at most 10.
 */
async function duplicateCandidates(db: DB, c: CaseRecord, settings: CaseSettings, now: Date): Promise<DuplicateCandidate[]> {
  const since = new Date(now.getTime() - settings.duplicateWindowDays * 86_400_000).toISOString();
  const rows = await repo.recentOpenCasesOf(db, { customerId: c.customerId, unitId: c.unitId, since, excludeId: c.id });
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    const similarity = caseSimilarity(c, { title: r.title, description: r.description });
    const sameUnit = c.unitId !== null && r.unit_id === c.unitId;
    const similar = similarity >= settings.similarityThreshold;
    if (!similar && !sameUnit) continue;
    const reasons: DuplicateCandidate['reasons'] = [];
    if (c.customerId !== null && r.customer_id === c.customerId) reasons.push('same_customer');
    if (sameUnit) reasons.push('same_unit');
    if (similar) reasons.push('similar_text');
    out.push({
      id: r.id,
      number: r.number,
      type: r.type,
      title: r.title,
      state: r.state,
      createdAt: r.created_at,
      ownerName: r.owner_name,
      similarity,
      reasons,
    });
  }
  out.sort((a, b) => b.similarity - a.similarity || (a.createdAt < b.createdAt ? 1 : -1));
  return out.slice(0, 10);
}

export async function findDuplicates(ctx: ServiceContext, caseId: string): Promise<{ items: DuplicateCandidate[] }> {
  const c = await getCaseRecord(ctx, caseId);
  await assertCanReadCase(ctx, c);
  const settings = await readCaseSettings(ctx.db);
  return { items: await duplicateCandidates(ctx.db, c, settings, ctx.clock.now()) };
}

// ---------------------------------------------------------------------------------------------
// Actions

export interface TransitionInput {
  action: string;
  /** the version the caller read; omit when the caller has no stale-view risk (its own transaction) */
  version?: number;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** A workflow action inside the caller's transaction (no permission checks; see the file header). */
export async function transitionCase(
  tx: ServiceContext,
  caseId: string,
  input: TransitionInput,
  options: { calendar?: WorkingCalendar } = {},
): Promise<CaseRecord> {
  const before = await getCaseRecord(tx, caseId);
  assertVersion(before, input.version);
  const type = await caseTypeOf(tx.db, before.type);
  const wf = workflowOf(type.workflow);
  const note = input.note?.trim() || null;
  let decision: Decision<string, string>;
  try {
    decision = decide(wf.table, before.state, input.action, tx.actor, { case: before, input: { note, data: input.data ?? {} } });
  } catch (error) {
    if (error instanceof GuardRefusedError) throw new BusinessRuleError('action_refused', error.reason, { action: input.action });
    if (error instanceof IllegalTransitionError) {
      // add the core wait/resume actions to what the table allows
      const allowed = await allowedActionsFor(tx, before, wf);
      throw new IllegalTransitionError(before.state, input.action, allowed);
    }
    throw error;
  }
  if (wf.noteRequired?.includes(input.action) && !note)
    throw fieldError('note', '请填写说明 (a note is required for this action)');
  let data = input.data ?? {};
  const schema = wf.dataSchemas?.[input.action];
  if (schema) {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new BadRequestError(
        'Action data is invalid',
        parsed.error.issues.map((i) => ({ path: ['body', 'data', ...i.path.map(String)], message: i.message })),
      );
    }
    data = parsed.data;
  }

  const nowIso = tx.clock.now().toISOString();
  const closed = (s: string) => wf.closedStates.includes(s);
  const resolved = (s: string) => wf.resolvedStates.includes(s);
  const patch: Record<string, unknown> = { state: decision.to };
  const enteringClosed = closed(decision.to) && !closed(decision.from);
  if (enteringClosed) Object.assign(patch, { closed_at: nowIso, waiting_on: null, waiting_since: null });
  if (resolved(decision.to) && !resolved(decision.from))
    Object.assign(patch, { resolved_at: nowIso, waiting_on: null, waiting_since: null });
  if (!resolved(decision.to) && !closed(decision.to) && (resolved(decision.from) || closed(decision.from))) {
    Object.assign(patch, { resolved_at: null, closed_at: null });
  }
  const effects = wf.effects?.[input.action];
  if (effects?.firstReply && !before.firstRepliedAt) patch.first_replied_at = nowIso;
  await updateVersioned(tx, 'cases', caseId, before.version, patch, 'case');
  await recordCaseEvent(tx, caseId, {
    kind: 'action',
    action: input.action,
    fromState: decision.from,
    toState: decision.to,
    note,
    data: Object.keys(data).length ? data : null,
  });

  for (const metric of effects?.meet ?? []) await meetDeadline(tx, caseId, metric);
  for (const metric of effects?.cancel ?? []) await cancelDeadline(tx, caseId, metric);
  if (enteringClosed) await cancelOpenDeadlines(tx, caseId);
  else for (const metric of effects?.start ?? []) await startDeadline(tx, caseId, metric, { calendar: options.calendar });

  await recordAudit(tx, {
    entity: 'case',
    entityId: caseId,
    action: input.action,
    before: { state: before.state },
    after: patch,
  });
  const after = await getCaseRecord(tx, caseId);
  await wf.onTransition?.(tx, { before, after, decision, note, data });
  return after;
}

export async function applyCaseAction(ctx: ServiceContext, caseId: string, input: CaseActionRequest): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.update');
  if (isWaitAction(input.action))
    return pauseCase(ctx, caseId, { reason: WAIT_ACTIONS[input.action], version: input.version, note: input.note });
  if (input.action === RESUME_ACTION) return resumeCase(ctx, caseId, { version: input.version, note: input.note });
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    const c = await getCaseRecord(tx, caseId);
    await assertCanWork(tx, c);
    await transitionCase(tx, caseId, input, { calendar: cal });
  });
  return caseDetail(ctx, caseId, cal);
}

// ---------------------------------------------------------------------------------------------
// Waiting (R-CAL-3)

/**
 * Pause (reason) or resume (null) the case's deadlines inside the caller's transaction. Waiting is
 * not a workflow state: it works in every open state of every workflow. 409 when the case already
 * waits / does not wait or is finished (with the allowed actions).
 */
export async function setCaseWaiting(
  tx: ServiceContext,
  caseId: string,
  reason: WaitingOn | null,
  options: { version?: number; note?: string | null; calendar?: WorkingCalendar } = {},
): Promise<CaseRecord> {
  const c = await getCaseRecord(tx, caseId);
  assertVersion(c, options.version);
  const wf = workflowOf((await caseTypeOf(tx.db, c.type)).workflow);
  const action = reason
    ? (Object.keys(WAIT_ACTIONS) as (keyof typeof WAIT_ACTIONS)[]).find((k) => WAIT_ACTIONS[k] === reason)!
    : RESUME_ACTION;
  const allowed = await allowedActionsFor(tx, c, wf);
  const finished = c.closedAt !== null || c.state === 'merged' || wf.resolvedStates.includes(c.state);
  if (finished || (reason ? c.waitingOn !== null : c.waitingOn === null))
    throw new IllegalTransitionError(c.state, action, allowed);
  const cal = options.calendar ?? (await companyCalendar(tx));
  const nowIso = tx.clock.now().toISOString();
  const note = options.note?.trim() || null;
  if (reason) {
    const metrics = await pauseDeadlines(tx, caseId, cal);
    await updateVersioned(tx, 'cases', caseId, c.version, { waiting_on: reason, waiting_since: nowIso }, 'case');
    await recordCaseEvent(tx, caseId, { kind: 'paused', action, note, data: { reason, deadlines: metrics } });
    await recordAudit(tx, {
      entity: 'case',
      entityId: caseId,
      action: 'pause',
      before: { waitingOn: null },
      after: { waitingOn: reason },
    });
  } else {
    const resumed = await resumeDeadlines(tx, caseId, cal);
    await updateVersioned(tx, 'cases', caseId, c.version, { waiting_on: null, waiting_since: null }, 'case');
    await recordCaseEvent(tx, caseId, {
      kind: 'resumed',
      action,
      note,
      data: { reason: c.waitingOn, since: c.waitingSince, deadlines: resumed },
    });
    await recordAudit(tx, {
      entity: 'case',
      entityId: caseId,
      action: 'resume',
      before: { waitingOn: c.waitingOn },
      after: { waitingOn: null },
    });
  }
  return getCaseRecord(tx, caseId);
}

export async function pauseCase(ctx: ServiceContext, caseId: string, input: PauseCaseRequest): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.update');
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    await assertCanWork(tx, await getCaseRecord(tx, caseId));
    await setCaseWaiting(tx, caseId, input.reason, { version: input.version, note: input.note, calendar: cal });
  });
  return caseDetail(ctx, caseId, cal);
}

export async function resumeCase(ctx: ServiceContext, caseId: string, input: ResumeCaseRequest): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.update');
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    await assertCanWork(tx, await getCaseRecord(tx, caseId));
    await setCaseWaiting(tx, caseId, null, { version: input.version, note: input.note, calendar: cal });
  });
  return caseDetail(ctx, caseId, cal);
}

// ---------------------------------------------------------------------------------------------
// Ownership, notes, links, merge

/** Hand the case to a named person (R-REQ-6): never empty, never a disabled user. */
export async function assignOwner(ctx: ServiceContext, caseId: string, input: AssignOwnerRequest): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.assign');
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    const c = await getCaseRecord(tx, caseId);
    assertVersion(c, input.version);
    if (c.state === 'merged')
      throw new BusinessRuleError('case_merged', '工单已合并，请在合并后的工单上操作 (the case was merged)', {
        mergedIntoId: c.mergedIntoId,
      });
    const owner = await assertActiveUser(tx, input.ownerId, 'ownerId');
    if (owner.id === c.ownerId)
      throw new BusinessRuleError('same_owner', '该用户已是负责人 (already the owner)', { path: ['body', 'ownerId'] });
    const previous = await repo.findUserRef(tx.db, c.ownerId);
    await updateVersioned(tx, 'cases', caseId, c.version, { owner_id: owner.id }, 'case');
    const note = input.note?.trim() || null;
    await recordCaseEvent(tx, caseId, {
      kind: 'assigned',
      note,
      data: { from: { id: c.ownerId, name: previous?.display_name ?? '' }, to: { id: owner.id, name: owner.display_name } },
    });
    await recordAudit(tx, {
      entity: 'case',
      entityId: caseId,
      action: 'assign',
      before: { ownerId: c.ownerId },
      after: { ownerId: owner.id },
    });
    await enqueueMessage(tx, {
      channel: 'in_app',
      recipient: owner.id,
      subject: `工单 ${c.number} 已转交给您`,
      body: `工单 ${c.number}「${c.title}」已由 ${tx.actor.displayName} 转交给您负责。${note ? `说明：${note}` : ''}`,
      related: { entity: 'case', id: caseId },
      templateKey: 'case.assigned',
    });
  });
  return caseDetail(ctx, caseId, cal);
}

export async function addNote(ctx: ServiceContext, caseId: string, input: AddNoteRequest): Promise<CaseEvent> {
  const id = await inTransaction(ctx, async (tx) => {
    const c = await getCaseRecord(tx, caseId);
    await assertCanWork(tx, c);
    const row = eventRow(tx, caseId, { kind: 'note', note: input.note, visibility: input.visibility ?? 'internal' });
    await repo.insertEvents(tx.db, [row]);
    await recordAudit(tx, {
      entity: 'case',
      entityId: caseId,
      action: 'note',
      after: { eventId: row.id, visibility: row.visibility },
    });
    return row.id;
  });
  return presentEvent((await repo.findEvent(ctx.db, id))!);
}

export async function linkCases(ctx: ServiceContext, caseId: string, input: LinkCasesRequest): Promise<CaseDetail> {
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    const c = await getCaseRecord(tx, caseId);
    await assertCanWork(tx, c);
    if (input.otherCaseId === caseId) throw fieldError('otherCaseId', '不能关联工单自身 (a case cannot be linked to itself)');
    const otherRow = await repo.findCase(tx.db, input.otherCaseId);
    if (!otherRow) throw fieldError('otherCaseId', '工单不存在 (unknown case)');
    const other = toCaseRecord(otherRow);
    await assertCanReadCase(tx, other);
    if (await repo.findLink(tx.db, caseId, other.id))
      throw new ConflictError('already_linked', '两个工单已关联 (the cases are already linked)');
    await linkWithin(tx, c, other, input.kind, input.note?.trim() || null);
  });
  return caseDetail(ctx, caseId, cal);
}

/**
 * Link two cases inside the caller's transaction: the link row, a line on both timelines and the
 * audit row. For commands that open a case out of another (a complaint's repair or claim).
 */
export async function linkWithin(tx: ServiceContext, c: CaseRecord, other: CaseRecord, kind: 'duplicate' | 'related', note: string | null) {
  await insertLinkRow(tx, c.id, other.id, kind);
  await recordCaseEvent(tx, c.id, { kind: 'linked', note, data: { kind, otherId: other.id, otherNumber: other.number } });
  await recordCaseEvent(tx, other.id, { kind: 'linked', note, data: { kind, otherId: c.id, otherNumber: c.number } });
  await recordAudit(tx, { entity: 'case', entityId: c.id, action: 'link', after: { otherCaseId: other.id, kind } });
}

async function insertLinkRow(tx: ServiceContext, a: string, b: string, kind: 'duplicate' | 'related') {
  const [first, second] = a < b ? [a, b] : [b, a];
  await repo.insertLink(tx.db, {
    id: newId(),
    case_id: first,
    other_case_id: second,
    kind,
    created_by: tx.actor.id,
    created_at: tx.clock.now().toISOString(),
  });
}

/**
 * Merge a duplicate into the case that goes on (R-REQ-5): the source becomes 'merged' (finished,
 * its deadlines cancelled) and points to the target; both timelines are kept and the target's
 * timeline shows the source's events; the target's owner stays the one owner.
 */
export async function mergeCase(ctx: ServiceContext, sourceId: string, input: MergeCaseRequest): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.merge');
  const cal = await companyCalendar(ctx);
  await inTransaction(ctx, async (tx) => {
    const source = await getCaseRecord(tx, sourceId);
    await assertCanWork(tx, source);
    assertVersion(source, input.version);
    if (input.targetId === sourceId) throw fieldError('targetId', '不能合并到工单自身 (a case cannot be merged into itself)');
    const targetRow = await repo.findCase(tx.db, input.targetId);
    if (!targetRow) throw fieldError('targetId', '工单不存在 (unknown case)');
    const target = toCaseRecord(targetRow);
    if (source.closedAt !== null)
      throw new BusinessRuleError('case_not_open', '只能合并未结案的工单 (only an open case can be merged)', {
        state: source.state,
      });
    if (target.state === 'merged' || target.closedAt !== null) {
      throw new BusinessRuleError('target_not_open', '目标工单已结案或已合并 (the target case is finished or merged)', {
        path: ['body', 'targetId'],
        state: target.state,
      });
    }
    const nowIso = tx.clock.now().toISOString();
    const cancelled = await cancelOpenDeadlines(tx, sourceId);
    await updateVersioned(
      tx,
      'cases',
      sourceId,
      source.version,
      { state: 'merged', merged_into_id: target.id, closed_at: nowIso, waiting_on: null, waiting_since: null },
      'case',
    );
    if (!(await repo.findLink(tx.db, sourceId, target.id))) await insertLinkRow(tx, sourceId, target.id, 'duplicate');
    const note = input.note?.trim() || null;
    await recordCaseEvent(tx, sourceId, {
      kind: 'merged',
      fromState: source.state,
      toState: 'merged',
      note,
      data: { into: { id: target.id, number: target.number }, cancelledDeadlines: cancelled },
    });
    await recordCaseEvent(tx, target.id, {
      kind: 'merged',
      note,
      data: { from: { id: source.id, number: source.number, title: source.title, ownerId: source.ownerId } },
    });
    await recordAudit(tx, {
      entity: 'case',
      entityId: sourceId,
      action: 'merge',
      before: { state: source.state, mergedIntoId: null },
      after: { state: 'merged', mergedIntoId: target.id },
    });
  });
  return caseDetail(ctx, input.targetId, cal);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * `justOpened`: the case was opened by this request, so nothing links to it or was merged into it yet.
 * `row`: the detail row when the caller has just read it.
 * `written`: what the command opening the case wrote (openCase): its deadlines and events are not
 * read back unless a deadline was changed after it was written. The case row itself is always read
 * (the workflow's hooks may change it; the joins give the names).
 */
async function caseDetail(
  ctx: ServiceContext,
  id: string,
  cal?: WorkingCalendar,
  options: { justOpened?: boolean; row?: repo.CaseDetailRow; written?: repo.OpeningJournal } = {},
): Promise<CaseDetail> {
  const row = options.row ?? (await repo.findCaseDetailRow(ctx.db, id));
  if (!row) throw new NotFoundError('case', id);
  const calendar = cal ?? (await companyCalendar(ctx));
  const now = ctx.clock.now();
  const record = toCaseRecord(row);
  const wf = workflowOf(row.workflow);
  const written = options.justOpened && options.written && !options.written.deadlinesChanged ? options.written : null;
  const [deadlines, links, mergedFrom, allowed] = await Promise.all([
    written ? deadlinesInReadOrder(written.deadlines) : repo.deadlinesOf(ctx.db, id),
    options.justOpened ? [] : repo.linksOf(ctx.db, id),
    options.justOpened ? [] : repo.mergedSourcesOf(ctx.db, id),
    allowedActionsFor(ctx, record, wf),
  ]);
  const timeline = written
    ? newestEventsInReadOrder(written.events, 200)
    : await repo.recentEvents(ctx.db, [id, ...mergedFrom.map((m) => m.id)], 200);
  return presentCaseDetail(row, {
    deadlines: deadlines.map((d) => presentDeadline(d, now, calendar)),
    allowedActions: allowed,
    links,
    mergedFrom: mergedFrom.map((m) => ({ id: m.id, number: m.number })),
    timeline: timeline.map(presentEvent),
    today: localDateOf(now, calendar),
  });
}

/** Deadlines as repo.deadlinesOf returns them: by start, then id. */
function deadlinesInReadOrder(rows: repo.DeadlineRow[]): repo.DeadlineRow[] {
  return [...rows].sort((a, b) => compareText(a.started_at, b.started_at) || compareText(a.id, b.id));
}

/** The newest `limit` events, oldest first, as repo.recentEvents returns them (by time, then id). */
function newestEventsInReadOrder(rows: repo.EventRow[], limit: number): repo.EventRow[] {
  return [...rows].sort((a, b) => compareText(a.at, b.at) || compareText(a.id, b.id)).slice(-limit);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function getCase(ctx: ServiceContext, id: string): Promise<CaseDetail> {
  assertCan(ctx.actor, 'case.read');
  // one read of the case for the access check and the page
  const row = await repo.findCaseDetailRow(ctx.db, id);
  if (!row) throw new NotFoundError('case', id);
  await assertCanReadCase(ctx, toCaseRecord(row));
  return caseDetail(ctx, id, undefined, { row });
}

export async function getTimeline(
  ctx: ServiceContext,
  id: string,
  page: { cursor?: string; limit?: number; sort?: string },
): Promise<Page<CaseEvent>> {
  await assertCanReadCase(ctx, await getCaseRecord(ctx, id));
  const sources = await repo.mergedSourcesOf(ctx.db, id);
  const result = await repo.timelinePage(ctx.db, [id, ...sources.map((s) => s.id)], page);
  return { items: result.items.map(presentEvent), nextCursor: result.nextCursor };
}

export async function listCases(ctx: ServiceContext, query: CaseListQuery): Promise<Page<CaseSummary>> {
  assertCan(ctx.actor, 'case.read');
  const { cursor, limit, sort, queue, state, ...rest } = query;
  const now = ctx.clock.now().toISOString();
  const filter: repo.CaseFilter = { now, ...rest, states: state ? state.split(',') : undefined };
  if (!can(ctx.actor, 'case.readAll')) {
    filter.visibleTo = { userId: ctx.actor.id ?? '', assigneeFilters: caseAssigneeFilters() };
  }
  switch (queue) {
    case 'mine':
      filter.ownerId = ctx.actor.id ?? '';
      filter.open = filter.open ?? true;
      break;
    case 'unassigned': {
      // 未分配: still with the intake pool, or waiting for a module's assignment (e.g. repairs: 派单)
      const hook = caseQueueFilter('unassigned');
      const pool = (await readCaseSettings(ctx.db)).defaultIntakeOwnerId;
      if (!hook && !pool) return { items: [], nextCursor: null };
      filter.extra = (eb) =>
        eb.or([...(pool ? [eb('cases.owner_id', '=', pool)] : []), ...(hook ? [hook(eb, ctx)] : [])]);
      filter.open = filter.open ?? true;
      break;
    }
    case 'overdue':
      // 超期: work still to do — a closed case keeps its breached deadline but is no longer in the queue
      filter.overdue = true;
      filter.open = filter.open ?? true;
      break;
    case 'due_soon':
      filter.dueSoon = true;
      break;
    case 'waiting':
      filter.waiting = true;
      break;
    case 'escalated':
      filter.escalated = true;
      filter.open = filter.open ?? true;
      break;
    default:
      break;
  }
  if (query.ownerId) filter.ownerId = query.ownerId;
  const page = await repo.listCases(ctx.db, filter, { cursor, limit, sort });
  const summaries = await repo.deadlineSummaries(
    ctx.db,
    page.items.map((r: any) => r.id),
    now,
  );
  return { items: page.items.map((r: any) => presentCaseSummary(r, summaries.get(r.id))), nextCursor: page.nextCursor };
}

/** The cases on a unit, newest first (产品失败履历 on the unit page). The caller checks its own permission. */
export async function failureHistoryOfUnit(db: DB, unitId: string) {
  return (await repo.casesOfUnit(db, unitId)).map((r) => ({
    id: r.id,
    number: r.number,
    type: r.type,
    status: r.state,
    openedAt: r.created_at,
  }));
}
