import type { DashboardNumbers, DashboardQuery } from '../../../contracts/dashboard.js';
import { addDays, localDateOf, wallTimeToInstant } from '../../platform/calendar/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { assertCan, can, hasRole } from '../../platform/permissions.js';
import { companyCalendar } from '../cases/sla.service.js';
import * as repo from './dashboard.repository.js';

/** On time ÷ everything that was due (met or breached and still open); null when nothing was. */
export function complianceRate(outcomes: { metOnTime: number; metLate: number; breachedOpen: number }): number | null {
  const due = outcomes.metOnTime + outcomes.metLate + outcomes.breachedOpen;
  return due === 0 ? null : Math.round((outcomes.metOnTime / due) * 1000) / 1000;
}

/** 工作台 numbers (R-RPT-1), read in one pass; the department's for desk roles, else the user's own. */
export async function dashboardNumbers(ctx: ServiceContext, query: DashboardQuery): Promise<DashboardNumbers> {
  assertCan(ctx.actor, 'case.read');
  const me = ctx.actor.id!;
  const department = can(ctx.actor, 'case.readAll');
  const scope: repo.CaseScope = department ? null : { ownerId: me };
  const cal = await companyCalendar(ctx);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = localDateOf(now, cal);
  const startOfToday = wallTimeToInstant(today, 0, cal.timeZone).toISOString();
  const endOfToday = wallTimeToInstant(addDays(today, 1), 0, cal.timeZone).toISOString();
  const since = new Date(now.getTime() - query.days * 86_400_000).toISOString();

  const byType = await repo.openCasesByTypeAndState(ctx.db, scope);
  const open = byType.reduce((sum, r) => sum + Number(r.n), 0);
  const overdue = await repo.countOverdueCases(ctx.db, nowIso, scope);
  const outcomes = await repo.deadlineOutcomes(ctx.db, since, scope);
  return {
    scope: department ? 'department' : 'mine',
    generatedAt: nowIso,
    today,
    open,
    mine: department ? await repo.countOpenOwnedBy(ctx.db, me) : open,
    overdue,
    mineOverdue: department ? await repo.countOverdueCases(ctx.db, nowIso, { ownerId: me }) : overdue,
    dueToday: await repo.countDueBetween(ctx.db, nowIso, endOfToday, scope),
    // a technician counts his own visits; the desk every visit of the day
    appointmentsToday: await repo.countAppointments(ctx.db, startOfToday, endOfToday, department || !hasRole(ctx.actor, 'technician') ? null : me),
    // the department's calls for desk roles; a caller without the department view: his own
    followUpsToday: can(ctx.actor, 'followup.read')
      ? await repo.countFollowUpsDue(ctx.db, endOfToday, department ? null : me)
      : null,
    openByType: byType.map((r) => ({ type: r.type, typeName: r.type_name, state: r.state, count: Number(r.n) })),
    sla: { days: query.days, ...outcomes, compliance: complianceRate(outcomes) },
  };
}
