import { z } from 'zod';

/**
 * The work dashboard (工作台, R-RPT-1): open cases by type and state, overdue, due today, today's
 * appointments, service-level compliance over the last days. Desk roles see the whole department;
 * others (technicians) their own cases.
 */
export const dashboardQuery = z.object({
  /** the compliance window in days, ending now */
  days: z.coerce.number().int().min(1).max(366).default(30),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardNumbers = z.object({
  /** 'department' for readers of every case, 'mine' otherwise */
  scope: z.enum(['department', 'mine']),
  generatedAt: z.string(),
  /** the company's local date of "today" */
  today: z.string(),
  open: z.number().int(),
  /** open cases I own (the same as open for scope 'mine') */
  mine: z.number().int(),
  overdue: z.number().int(),
  mineOverdue: z.number().int(),
  /** open cases with a running deadline due before the end of today */
  dueToday: z.number().int(),
  /** repair appointments (still scheduled or done) in today's company hours */
  appointmentsToday: z.number().int(),
  /** follow-up calls (回访) still to make that are due by the end of today; null without followup.read */
  followUpsToday: z.number().int().nullable(),
  openByType: z.array(
    z.object({
      type: z.string(),
      typeName: z.string(),
      state: z.string(),
      count: z.number().int(),
    }),
  ),
  /** deadlines finished in the window: met on time, met late, and those breached and still open */
  sla: z.object({
    days: z.number().int(),
    metOnTime: z.number().int(),
    metLate: z.number().int(),
    breachedOpen: z.number().int(),
    /** on time ÷ (met + breached open); null when nothing was due */
    compliance: z.number().nullable(),
  }),
});
export type DashboardNumbers = z.infer<typeof dashboardNumbers>;
