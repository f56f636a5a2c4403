import { z } from 'zod';
import { ROLES } from '../server/platform/permissions.js';
import { requiredText } from './common.js';

export const role = z.enum(ROLES);
export type RoleName = z.infer<typeof role>;

export const loginRequest = z.object({
  username: requiredText(64),
  password: z.string().min(1).max(256),
});

export const currentUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  permissions: z.array(z.string()),
  departmentId: z.string().nullable(),
  locale: z.string(),
});
export type CurrentUser = z.infer<typeof currentUser>;

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  tokenPrefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const createApiTokenRequest = z.object({
  name: requiredText(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const createdApiToken = apiToken.extend({
  /** shown once; only its hash is stored */
  token: z.string(),
});
