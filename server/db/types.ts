import type { CalendarTables } from './types/calendar.js';
import type { PlatformTables } from './types/platform.js';
import type { RegistryTables } from './types/registry.js';
import type { StaffTables } from './types/staff.js';

/** The Kysely database interface: one interface per area, joined here. */
export interface Database extends PlatformTables, CalendarTables, RegistryTables, StaffTables {}

export type { Bool } from './types/platform.js';
