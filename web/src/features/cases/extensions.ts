import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { CaseDetail } from './api';

/**
 * Extension points of the case page for the features built on the case core (repairs, warranty,
 * complaints …). The page always shows the server's allowedActions as buttons; a feature adds
 * what an action of its workflow needs (its `data`) and panels for its own record.
 *
 *   registerCaseActionForm('repair', 'dispatch', {
 *     Fields: DispatchFields,                     // antd Form.Items; names under ['data', …] become data
 *     initialValues: (c) => ({ data: { … } }),
 *     toData: (values, c) => ({ … }),             // optional; default: values.data
 *   });
 *   registerCasePanel({ key: 'repair', workflows: ['repair'], placement: 'side', titleKey: 'repairs:panel.title', Component: RepairPanel });
 *   registerCaseWorkflowActions('repair', { useAllowedActions, run });   // optional, see below
 *
 * Register at module load (the top level of a file the feature's page imports).
 */
export interface CaseActionFormProps {
  detail: CaseDetail;
}

/** What a form spec may read besides the case (e.g. the feature's own record from the query cache). */
export interface CaseActionFormContext {
  queryClient: QueryClient;
}

export interface CaseActionFormSpec {
  Fields: ComponentType<CaseActionFormProps>;
  initialValues?: (detail: CaseDetail, context: CaseActionFormContext) => Record<string, unknown>;
  /** the action's `data` from the dialog's values (default: values.data); may upload files first */
  toData?: (
    values: Record<string, any>,
    detail: CaseDetail,
  ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
  /** the workflow refuses the action without a note */
  noteRequired?: boolean;
  /** an error's field path (without 'body') → the form's field name, when the fields are not named ['data', …] */
  mapPath?: (path: (string | number)[]) => (string | number)[] | null;
}

const actionForms = new Map<string, CaseActionFormSpec & { fallback?: boolean }>();

/**
 * The form of an action of a workflow ('*' = every workflow). A later registration replaces an
 * earlier one, except that a `fallback` (the case feature's own defaults) never replaces a form a
 * feature registered, whatever the load order.
 */
export function registerCaseActionForm(
  workflow: string,
  action: string,
  spec: CaseActionFormSpec,
  options: { fallback?: boolean } = {},
): void {
  const key = `${workflow}:${action}`;
  if (options.fallback && actionForms.has(key) && !actionForms.get(key)?.fallback) return;
  actionForms.set(key, { ...spec, fallback: options.fallback });
}

export function caseActionForm(workflow: string, action: string): CaseActionFormSpec | undefined {
  return actionForms.get(`${workflow}:${action}`) ?? actionForms.get(`*:${action}`);
}

export interface CasePanelProps {
  detail: CaseDetail;
  /** reload the case after the panel changed something */
  onChanged: () => void;
}

export interface CasePanelSpec {
  key: string;
  /** workflows (case_types.workflow) the panel belongs to, or '*' */
  workflows: readonly string[] | '*';
  /** 'main' under the deadlines, 'side' in the right column */
  placement: 'main' | 'side';
  /** i18n key of the card's title, with its namespace ('cases:repairPanel.title') */
  titleKey: string;
  Component: ComponentType<CasePanelProps>;
}

const panels = new Map<string, CasePanelSpec & { fallback?: boolean }>();

const overlaps = (a: CasePanelSpec, b: CasePanelSpec) =>
  a.workflows === '*' || b.workflows === '*' || a.workflows.some((w) => (b.workflows as readonly string[]).includes(w));

/**
 * A panel of the case page. A `fallback` panel (the case feature's own default for a workflow) is
 * left out when a feature registered a panel for the same workflow, and removed when one arrives.
 */
export function registerCasePanel(spec: CasePanelSpec, options: { fallback?: boolean } = {}): void {
  if (options.fallback) {
    if ([...panels.values()].some((p) => !p.fallback && overlaps(p, spec))) return;
  } else {
    for (const [key, p] of panels) if (p.fallback && overlaps(p, spec)) panels.delete(key);
  }
  panels.set(spec.key, { ...spec, fallback: options.fallback });
}

export function casePanelsFor(workflow: string, placement: CasePanelSpec['placement']): CasePanelSpec[] {
  return [...panels.values()].filter((p) => p.placement === placement && (p.workflows === '*' || p.workflows.includes(workflow)));
}

/** The core's own actions, in every workflow: pausing and resuming the deadlines. */
export const isCoreCaseAction = (action: string) => action.startsWith('wait_') || action === 'resume';

export interface CaseActionBody {
  action: string;
  version: number;
  note?: string;
  data?: Record<string, unknown>;
}

/**
 * A workflow whose feature keeps its own record with a finer list of allowed actions (the repair
 * work order knows the assigned technician, the quality inspector, a quote's consent …). The case
 * page then shows the feature's actions plus the core's wait/resume actions of the case, and takes
 * the workflow's actions through `run`; the forms stay the ones of registerCaseActionForm.
 */
export interface CaseWorkflowActionsSpec {
  /**
   * A hook (called on every render of the action area of a case of this workflow): the workflow
   * actions this user may take now; `actions` undefined while loading. Without them (an error) the
   * page falls back to the case's allowedActions.
   */
  useAllowedActions: (detail: CaseDetail) => { actions: string[] | undefined; error?: unknown };
  /** take a workflow action (never wait/resume) → the case as it is afterwards */
  run: (detail: CaseDetail, body: CaseActionBody, context: CaseActionFormContext) => Promise<CaseDetail>;
}

const workflowActions = new Map<string, CaseWorkflowActionsSpec>();

export function registerCaseWorkflowActions(workflow: string, spec: CaseWorkflowActionsSpec): void {
  workflowActions.set(workflow, spec);
}

export function caseWorkflowActions(workflow: string): CaseWorkflowActionsSpec | undefined {
  return workflowActions.get(workflow);
}
