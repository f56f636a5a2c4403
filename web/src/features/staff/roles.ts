import type { RoleName } from '../../../../contracts/auth';

/** Every role, in the order the user form lists them (the names come from common:role.*). */
export const ROLE_ORDER = [
  'admin',
  'general_manager',
  'department_head',
  'supervisor',
  'agent',
  'technician',
  'quality',
  'warehouse',
  'finance',
] as const satisfies readonly RoleName[];

// compile-time check: a role added on the server must be added here too
type MissingRole = Exclude<RoleName, (typeof ROLE_ORDER)[number]>;
const everyRoleListed: [MissingRole] extends [never] ? true : never = true;
void everyRoleListed;

/** Skill levels 1–5 (names in staff:skill.level.<n>). */
export const SKILL_LEVELS = [1, 2, 3, 4, 5] as const;
