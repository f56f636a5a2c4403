import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './platform/http.js';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { complaintsRoutes } from './modules/complaints/complaints.routes.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { followupsRoutes } from './modules/followups/followups.routes.js';
import { mailRoutes } from './modules/mail/mail.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { partsRoutes } from './modules/parts/parts.routes.js';
import { repairsRoutes } from './modules/repairs/repairs.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { warrantyRoutes } from './modules/warranty/warranty.routes.js';

/** Every module's routes under /api/v1. One line per module. */
export function apiRoutes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    await app.register(authRoutes(deps));
    await app.register(calendarRoutes(deps));
    await app.register(catalogRoutes(deps));
    await app.register(customersRoutes(deps));
    await app.register(staffRoutes(deps));
    await app.register(partsRoutes(deps));
    await app.register(casesRoutes(deps));
    await app.register(repairsRoutes(deps));
    await app.register(warrantyRoutes(deps));
    await app.register(followupsRoutes(deps));
    await app.register(complaintsRoutes(deps));
    await app.register(attachmentsRoutes(deps));
    await app.register(notificationsRoutes(deps));
    await app.register(mailRoutes(deps));
    await app.register(dashboardRoutes(deps));
    await app.register(auditRoutes(deps));
  };
}
