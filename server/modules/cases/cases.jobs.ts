import type { DueWorkHandlers } from '../../platform/due-work.js';
import './cases.workflow.js';
import { ESCALATION_KIND, escalateDeadline } from './sla.service.js';

/** Due work of the case core: the escalation ladder of deadlines (one row per level, see sla.service.ts). */
export function caseDueWorkHandlers(): DueWorkHandlers {
  return { [ESCALATION_KIND]: escalateDeadline };
}
