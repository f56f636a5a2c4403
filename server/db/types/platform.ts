import type { Generated } from 'kysely';

/** Row types of the platform tables. Times are ISO-8601 UTC strings; booleans are 0/1 on SQLite. */
export type Bool = boolean | number;

export interface DepartmentsTable {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  head_user_id: string | null;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RegionsTable {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ProductCategoriesTable {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  email: string | null;
  phone: string | null;
  department_id: string | null;
  grade: string | null;
  locale: Generated<string>;
  status: Generated<'active' | 'disabled'>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  user_id: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export interface CountersTable {
  kind: string;
  year: number;
  value: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  version: Generated<number>;
  updated_at: string;
}

export interface PlatformTables {
  departments: DepartmentsTable;
  regions: RegionsTable;
  product_categories: ProductCategoriesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  counters: CountersTable;
  settings: SettingsTable;
}
