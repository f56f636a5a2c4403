/**
 * Extension points of the case core, for the modules built on it (repairs, warranty, complaints,
 * e-mail intake, portal). Register at module load (top level of your <module>.workflow.ts, imported
 * by your service); server/routes.ts imports every module, so registrations are in place when the
 * app is built and when the sweeper runs.
 *
 * - registerCaseWorkflow: the transition table of a workflow name (case_types.workflow) and what
 *   happens around a transition (deadline effects, required note, action data schema, hooks).
 * - registerCaseAssigneeFilter: who else may read/work a case besides its owner (e.g. the
 *   technician a work order is dispatched to). One SQL condition serves lists and single reads.
 * - registerCaseQueueFilter: what a queue means (e.g. repairs: 'unassigned' = no technician yet).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { ZodType } from 'zod';
import type { Database } from '../../db/types.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Decision, WorkflowTable } from '../../platform/workflow.js';
import type { CaseRecord } from './cases.model.js';

/** What guards see: the case, and the request's input (null when the UI asks for allowed actions). */
export interface CaseGuardData {
  case: CaseRecord;
  input: { note: string | null; data: Record<string, unknown> } | null;
}

export type CaseWorkflowTable = WorkflowTable<string, string, CaseGuardData>;

/** Deadline effects of an action, applied by the core in the action's transaction. */
export interface CaseActionEffects {
  /** metrics whose open deadline is met (e.g. reply → first_reply, customer_contact …) */
  meet?: readonly string[];
  /** metrics whose deadline starts now (from the case's policy; no policy → nothing) */
  start?: readonly string[];
  /** metrics whose open deadline is cancelled */
  cancel?: readonly string[];
  /** the action is a reply to the customer: first_replied_at is set when still empty */
  firstReply?: boolean;
}

export interface CaseTransition {
  before: CaseRecord;
  after: CaseRecord;
  decision: Decision<string, string>;
  note: string | null;
  /** the action's data, already parsed by dataSchemas[action] when there is one */
  data: Record<string, unknown>;
}

export interface CaseWorkflow {
  name: string;
  /** state of a new case */
  initialState: string;
  table: CaseWorkflowTable;
  /** finished states: entering one sets closed_at, cancels open deadlines and ends waiting */
  closedStates: readonly string[];
  /** resolved states: entering one sets resolved_at; leaving to an open state clears it */
  resolvedStates: readonly string[];
  /** actions that need a note (the reason, the reply text …): 400 on body.note without one */
  noteRequired?: readonly string[];
  /** per action: schema of `data` (400 with the field paths when it does not parse) */
  dataSchemas?: Readonly<Record<string, ZodType<Record<string, unknown>>>>;
  effects?: Readonly<Record<string, CaseActionEffects>>;
  /** after a case of this workflow was inserted (same transaction), e.g. create a work order */
  onOpen?: (tx: ServiceContext, opened: CaseRecord) => Promise<void>;
  /** after a transition was written (same transaction); throw to refuse and roll everything back */
  onTransition?: (tx: ServiceContext, transition: CaseTransition) => Promise<void>;
}

const workflows = new Map<string, CaseWorkflow>();

/**
 * Register (or replace) the workflow of a name. A placeholder (the core's stand-in for 'repair',
 * 'warranty', 'complaint') never replaces a real registration, whatever the module load order.
 */
export function registerCaseWorkflow(workflow: CaseWorkflow, options: { placeholder?: boolean } = {}): void {
  const states = new Set(workflow.table.flatMap((t) => (typeof t.from === 'string' ? [t.from] : [...t.from])));
  if (!states.has(workflow.initialState))
    throw new Error(`workflow ${workflow.name}: no action leaves the initial state ${workflow.initialState}`);
  if (options.placeholder && workflows.has(workflow.name)) return;
  workflows.set(workflow.name, workflow);
}

export function findCaseWorkflow(name: string): CaseWorkflow | undefined {
  return workflows.get(name);
}

export function caseWorkflowNames(): string[] {
  return [...workflows.keys()].sort();
}

/** Condition on `cases` (aliased as the table name) that is true when `userId` is assigned to the case. */
export type CaseAssigneeFilter = (eb: ExpressionBuilder<Database, 'cases'>, userId: string) => Expression<SqlBool>;
const assigneeFilters: CaseAssigneeFilter[] = [];

export function registerCaseAssigneeFilter(filter: CaseAssigneeFilter): void {
  assigneeFilters.push(filter);
}

export function caseAssigneeFilters(): readonly CaseAssigneeFilter[] {
  return assigneeFilters;
}

export type CaseQueueFilter = (eb: ExpressionBuilder<Database, 'cases'>, ctx: ServiceContext) => Expression<SqlBool>;
const queueFilters = new Map<string, CaseQueueFilter>();

/** Add to what a queue means: 'unassigned' = owned by the intake pool OR this filter. */
export function registerCaseQueueFilter(queue: 'unassigned', filter: CaseQueueFilter): void {
  queueFilters.set(queue, filter);
}

export function caseQueueFilter(queue: string): CaseQueueFilter | undefined {
  return queueFilters.get(queue);
}
