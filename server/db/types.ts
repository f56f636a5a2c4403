import type { AttachmentsTables } from './types/attachments.js';
import type { CalendarTables } from './types/calendar.js';
import type { CasesTables } from './types/cases.js';
import type { ComplaintsTables } from './types/complaints.js';
import type { DueWorkTables } from './types/due-work.js';
import type { FollowupsTables } from './types/followups.js';
import type { PartsTables } from './types/parts.js';
import type { PlatformTables } from './types/platform.js';
import type { RegistryTables } from './types/registry.js';
import type { RepairsTables } from './types/repairs.js';
import type { StaffTables } from './types/staff.js';
import type { WarrantyTables } from './types/warranty.js';

/** The Kysely database interface: one interface per area, joined here. */
export interface Database
  extends PlatformTables,
    CalendarTables,
    RegistryTables,
    StaffTables,
    DueWorkTables,
    PartsTables,
    CasesTables,
    AttachmentsTables,
    RepairsTables,
    WarrantyTables,
    ComplaintsTables,
    FollowupsTables {}

export type { Bool } from './types/platform.js';
