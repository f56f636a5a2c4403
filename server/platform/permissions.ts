import { ForbiddenError } from './errors.js';

/** Roles a user may hold (several at once). */
export const ROLES = [
  'admin',
  'general_manager',
  'department_head',
  'supervisor',
  'agent',
  'technician',
  'quality',
  'warehouse',
  'finance',
] as const;
export type Role = (typeof ROLES)[number];

/** Every permission a service checks. Add new ones here and grant them below. */
export const PERMISSIONS = [
  'customer.read',
  'customer.write',
  'customer.import',
  'customer.export',
  'catalog.read',
  'catalog.write',
  'staff.read',
  'staff.write',
  'calendar.read',
  'calendar.write',
  'audit.read',
  'settings.write',
  'apiToken.manage',
  'case.read',
  'case.readAll',
  'case.create',
  'case.update',
  'case.assign',
  'case.merge',
  'sla.manage',
  'parts.read',
  'parts.write',
  'parts.issue',
  'parts.adjust',
  'notification.manage',
  'warranty.read',
  'warranty.write',
  'warranty.approve',
  'warranty.quality',
  'warranty.pay',
  'repair.manage',
  'repair.dispatch',
  'repair.supervise',
  'repair.fieldwork',
  'repair.inspect',
  'repair.charge',
  'followup.read',
  'followup.work',
  'followup.readRestricted',
  'followup.review',
  'followup.manage',
  'complaint.read',
  'complaint.write',
  'complaint.signPlan',
  'complaint.signTrackingSheet',
  'complaint.approveClosure',
  'complaint.decideCause',
  'complaint.approveExtension',
  'complaint.verifyAction',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['catalog.read', 'calendar.read', 'staff.read', 'apiToken.manage'];
const deskWork: Permission[] = [...everyone, 'customer.read', 'customer.write', 'customer.import', 'customer.export', 'parts.read'];

/** Case core: desk roles read every case; a technician only the cases he owns or is assigned (per record). */
const caseDesk: Permission[] = ['case.read', 'case.readAll', 'case.create', 'case.update', 'case.assign', 'case.merge'];
const caseReader: Permission[] = ['case.read', 'case.readAll'];
/** Warranty (三包): desk roles handle claims and RMA; replace/refund decisions need warranty.approve. */
const warrantyDesk: Permission[] = ['warranty.read', 'warranty.write'];
/** Repairs: the desk reviews, dispatches and closes; supervisors also handle escalations; technicians work their own jobs. */
const repairDesk: Permission[] = ['repair.manage', 'repair.dispatch', 'repair.charge'];

/**
 * Complaints (投诉): the desk registers and works them; each signature belongs to one role (R-CMP-7):
 * department head → action plan (and countersign, extension), quality → closed-loop tracking sheet
 * and verifying actions, general manager → closure approval and the decision on an unclear cause.
 */
const complaintDesk: Permission[] = ['complaint.read', 'complaint.write'];

/**
 * Follow-ups (回访) and surveys: agents read and record their queue; supervisors and managers also see
 * restricted records (R-FUP-9), review the 回访报告 and edit rules, questionnaires and campaigns.
 */
const followupDesk: Permission[] = ['followup.read', 'followup.work'];
const followupLead: Permission[] = [...followupDesk, 'followup.readRestricted', 'followup.review', 'followup.manage'];

/** The permission matrix: role → what it may do. Per-record rules live in the services. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  general_manager: [...deskWork, 'audit.read', ...caseDesk, ...warrantyDesk, 'warranty.approve', 'warranty.quality', 'warranty.pay', ...repairDesk, 'repair.supervise', ...complaintDesk, 'complaint.approveClosure', 'complaint.decideCause', 'complaint.approveExtension', ...followupLead],
  department_head: [...deskWork, 'audit.read', ...caseDesk, ...warrantyDesk, 'warranty.approve', 'warranty.quality', ...repairDesk, 'repair.supervise', ...complaintDesk, 'complaint.signPlan', 'complaint.approveExtension', ...followupLead],
  supervisor: [...deskWork, 'audit.read', ...caseDesk, ...warrantyDesk, 'warranty.approve', 'warranty.quality', ...repairDesk, 'repair.supervise', ...complaintDesk, ...followupLead],
  agent: [...deskWork, ...caseDesk, ...warrantyDesk, ...repairDesk, ...complaintDesk, ...followupDesk],
  technician: [...everyone, 'customer.read', 'parts.read', 'parts.issue', 'case.read', 'case.update', 'repair.fieldwork', 'repair.charge'],
  quality: [...everyone, 'customer.read', 'customer.export', 'audit.read', ...caseReader, 'warranty.read', 'warranty.quality', 'repair.inspect', ...complaintDesk, 'complaint.signTrackingSheet', 'complaint.verifyAction', 'followup.read'],
  warehouse: [
    ...everyone,
    'customer.read',
    'catalog.write',
    'parts.read',
    'parts.write',
    'parts.issue',
    'parts.adjust',
    ...caseReader,
    'warranty.read',
  ],
  finance: [...everyone, 'customer.read', 'customer.export', 'parts.read', ...caseReader, 'warranty.read', 'warranty.pay', 'repair.charge'],
};

export interface UserActor {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
}

/** Work done by the system itself (sweeper, migrations, seeding). */
export interface SystemActor {
  kind: 'system';
  id: null;
  displayName: string;
  roles: Role[];
}

export type Actor = UserActor | SystemActor;

export const systemActor: SystemActor = { kind: 'system', id: null, displayName: 'system', roles: ['admin'] };

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role] ?? []) granted.add(p);
  return granted;
}

export function can(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor.roles).has(permission);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError(`没有权限: ${permission}`, { permission });
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
