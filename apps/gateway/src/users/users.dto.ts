import { z } from 'zod';
import { MemberRole } from '@alltokens/db';

export const addMemberSchema = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(MemberRole).default('member'),
  /** Only the admin key may name an organisation; management keys act in their own. */
  org_id: z.string().min(1).max(100).optional(),
});

export const changeRoleSchema = z.strictObject({ role: z.enum(MemberRole) });

/** AllTokens' documented key-creation body for a user. */
export const userKeySchema = z.strictObject({
  label: z.string().trim().min(1).max(200),
  expires_at: z.iso.datetime({ offset: true }).refine((value) => new Date(value).getTime() > Date.now(), 'expires_at must be in the future').nullish(),
  limit: z.number().positive().nullish(),
  allowed_models: z.array(z.string().min(1)).default([]),
});

export interface MemberRow {
  role: MemberRole;
  createdAt: Date;
  orgId: string;
  user: { id: string; email: string; name: string | null; createdAt: Date };
}

export const toMemberView = (row: MemberRow) => ({
  id: row.user.id,
  email: row.user.email,
  name: row.user.name,
  org_id: row.orgId,
  role: row.role,
  joined_at: row.createdAt.toISOString(),
});
