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
 *
 * Register at module load (the top level of a file the feature's page imports).
 */
export interface CaseActionFormProps {
  detail: CaseDetail;
}

export interface CaseActionFormSpec {
  Fields: ComponentType<CaseActionFormProps>;
  initialValues?: (detail: CaseDetail) => Record<string, unknown>;
  /** the action's `data` from the dialog's values (default: values.data) */
  toData?: (values: Record<string, any>, detail: CaseDetail) => Record<string, unknown> | undefined;
  /** the workflow refuses the action without a note */
  noteRequired?: boolean;
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
