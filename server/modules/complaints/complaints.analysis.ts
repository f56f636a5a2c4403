/**
 * The monthly complaint view (R-CMP analysis): complaints of a company-calendar month by category,
 * cause (responsibility) and department, escalated ones counted, and the frequency × urgency matrix
 * that picks the topics of the monthly complaint meeting; the meeting's decisions become actions.
 */
import type { CreateMeetingRequest, MeetingView, MonthlyView } from '../../../contracts/complaints.js';
import { recordAudit } from '../../platform/audit.js';
import { wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions.js';
import * as repo from './complaints.repository.js';
import { frequencyLevel, isMeetingTopic, monthBounds, urgencyLevel } from './complaints.rules.js';
import { insertMeetingActions, presentCapas, readComplaintSettings } from './complaints.service.js';

const RESPONSIBILITY_ZH: Record<string, string> = { company: '公司', customer: '客户', third_party: '第三方', unclear: '不明确', none: '未查明' };

function countBy<T>(items: readonly T[], key: (item: T) => string) {
  const map = new Map<string, number>();
  for (const item of items) map.set(key(item), (map.get(key(item)) ?? 0) + 1);
  return map;
}

export async function monthlyView(ctx: ServiceContext, month: string): Promise<MonthlyView> {
  assertCan(ctx.actor, 'complaint.read');
  const { from, to } = monthBounds(month);
  const tz = ctx.config.companyTimeZone;
  const rows = await repo.complaintsCreatedBetween(ctx.db, wallTimeToInstant(from, 0, tz).toISOString(), wallTimeToInstant(to, 0, tz).toISOString());
  const settings = await readComplaintSettings(ctx.db);

  const byCategory = new Map<string | null, { name: string; rows: typeof rows }>();
  for (const r of rows) {
    const entry = byCategory.get(r.category_id) ?? { name: r.category_name ?? '未分类', rows: [] };
    entry.rows.push(r);
    byCategory.set(r.category_id, entry);
  }
  const departmentsOf = (r: (typeof rows)[number]): string[] => {
    try {
      return r.responsible_departments ? (JSON.parse(r.responsible_departments) as string[]) : [];
    } catch {
      return [];
    }
  };
  const departmentCounts = new Map<string | null, number>();
  for (const r of rows) {
    const ds = departmentsOf(r);
    if (!ds.length) departmentCounts.set(null, (departmentCounts.get(null) ?? 0) + 1);
    for (const d of ds) departmentCounts.set(d, (departmentCounts.get(d) ?? 0) + 1);
  }
  const names = await repo.departmentNames(ctx.db, [...departmentCounts.keys()]);
  const causes = countBy(rows, (r) => r.responsibility ?? 'none');
  const meetings = await repo.meetingsOfMonth(ctx.db, month);

  return {
    month,
    total: rows.length,
    escalated: rows.filter((r) => Boolean(r.escalated)).length,
    closed: rows.filter((r) => r.state === 'closed').length,
    byCategory: [...byCategory.entries()].map(([id, e]) => ({ id, name: e.name, count: e.rows.length })).sort((a, b) => b.count - a.count),
    byCause: [...causes.entries()].map(([responsibility, count]) => ({ responsibility: RESPONSIBILITY_ZH[responsibility] ?? responsibility, count })).sort((a, b) => b.count - a.count),
    byDepartment: [...departmentCounts.entries()].map(([id, count]) => ({ id, name: id ? (names.get(id) ?? '') : '未定责任部门', count })).sort((a, b) => b.count - a.count),
    matrix: [...byCategory.entries()]
      .map(([id, e]) => {
        const frequency = frequencyLevel(e.rows.length, settings);
        const urgency = urgencyLevel(e.rows.map((r) => ({ severity: r.severity, urgency: r.urgency, escalated: Boolean(r.escalated) })));
        return { categoryId: id, name: e.name, count: e.rows.length, frequency, urgency, meetingTopic: isMeetingTopic(frequency, urgency) };
      })
      .sort((a, b) => b.count - a.count),
    meetings: meetings.map((m) => ({ id: m.id, heldOn: m.held_on, topics: JSON.parse(m.topics) as string[], minutes: m.minutes })),
  };
}

/** The monthly complaint meeting: topics, minutes, and its decisions as tracked actions. */
export async function createMeeting(ctx: ServiceContext, input: CreateMeetingRequest): Promise<MeetingView> {
  assertCan(ctx.actor, 'complaint.write');
  const id = await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    const row = {
      id: newId(),
      month: input.month,
      held_on: input.heldOn,
      topics: JSON.stringify(input.topics),
      attendees: input.attendees ?? null,
      minutes: input.minutes ?? null,
      created_by: tx.actor.id,
      created_at: now,
      updated_at: now,
    };
    await repo.insertMeeting(tx.db, row);
    await recordAudit(tx, { entity: 'complaint_meeting', entityId: row.id, action: 'create', after: row });
    await insertMeetingActions(tx, row.id, input.decisions);
    return row.id;
  });
  const meeting = (await repo.findMeeting(ctx.db, id))!;
  return {
    id,
    month: meeting.month,
    heldOn: meeting.held_on,
    topics: JSON.parse(meeting.topics) as string[],
    attendees: meeting.attendees,
    minutes: meeting.minutes,
    actions: await presentCapas(ctx.db, await repo.actionsOfMeeting(ctx.db, id)),
  };
}
