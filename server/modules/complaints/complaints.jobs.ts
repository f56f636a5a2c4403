import type { DueWorkHandlers } from '../../platform/due-work.js';
import { CAPA_OVERDUE_KIND, capaOverdue } from './complaints.service.js';

/**
 * Due work of complaints: an open corrective/preventive action past its due day escalates.
 * (The deadlines of R-CMP-2 escalate through the case core's ladder; 'followup.after_complaint' rows
 * are the follow-ups module's to handle.)
 */
export function complaintDueWorkHandlers(): DueWorkHandlers {
  return { [CAPA_OVERDUE_KIND]: capaOverdue };
}
