import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Clock } from './platform/clock.js';
import type { ServiceContext } from './platform/context.js';
import { systemActor } from './platform/permissions.js';
import { ensureCalendarSeeded } from './modules/calendar/calendar.service.js';
import { ensureCaseReferenceData } from './modules/cases/cases.seed.js';
import { ensureComplaintReferenceData } from './modules/complaints/complaints.seed.js';
import { ensureFollowupGeneration } from './modules/followups/followups.generate.js';
import { ensureFollowupReferenceData } from './modules/followups/followups.seed.js';
import { ensureNotificationTemplates } from './modules/notifications/notifications.service.js';
import { seedDemoOnStartup } from './demo/seed-demo.js';

export interface StartupReport {
  migrationsApplied: string[];
  demoSeeded: boolean;
}

/** Reference data every company starts with (never overwrites what an admin changed). Test apps run it too. */
export async function ensureReferenceData(ctx: ServiceContext): Promise<void> {
  await ensureCalendarSeeded(ctx);
  await ensureCaseReferenceData(ctx);
  await ensureComplaintReferenceData(ctx);
  await ensureNotificationTemplates(ctx);
  await ensureFollowupReferenceData(ctx);
}

/** Bring a database up to date: migrations, reference data, demo data when asked. Safe to run every start. */
export async function prepareDatabase(handle: DatabaseHandle, config: AppConfig, clock: Clock): Promise<StartupReport> {
  const migrationsApplied = await migrateToLatest(handle.db, handle.schema);
  const ctx: ServiceContext = { db: handle.db, clock, config, actor: systemActor, requestId: null };
  await ensureReferenceData(ctx);
  const demoSeeded = await seedDemoOnStartup(ctx);
  // the follow-up generator's chain of due work (not in ensureReferenceData: test apps run the sweeper by hand)
  await ensureFollowupGeneration(ctx, { runNow: demoSeeded });
  return { migrationsApplied, demoSeeded };
}
