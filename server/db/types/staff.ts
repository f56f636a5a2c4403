import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

export interface StaffGradesTable {
  id: string;
  code: string;
  name: string;
  rank: Generated<number>;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserSkillsTable {
  user_id: string;
  category_id: string;
  level: Generated<number>;
}

export interface UserRegionsTable {
  user_id: string;
  region_id: string;
}

export interface StaffTables {
  staff_grades: StaffGradesTable;
  user_skills: UserSkillsTable;
  user_regions: UserRegionsTable;
}
