import type { DueWorkHandlers } from '../../platform/due-work.js';
import { AFTER_COMPLAINT_KIND, afterComplaint, GENERATE_KIND, generateDueWork } from './followups.generate.js';
import { SURVEY_REMINDER_KIND, surveyReminderDueWork } from './surveys.service.js';

/**
 * Due work of follow-ups: the generator chain, the complaint module's +3 days / +3 months rows
 * (`followup.after_complaint`, payload {caseId, purpose}) and campaign reminders. Importing the
 * surveys service also registers its hook (a survey task sends its link).
 */
export function followupDueWorkHandlers(): DueWorkHandlers {
  return { [GENERATE_KIND]: generateDueWork, [AFTER_COMPLAINT_KIND]: afterComplaint, [SURVEY_REMINDER_KIND]: surveyReminderDueWork };
}
