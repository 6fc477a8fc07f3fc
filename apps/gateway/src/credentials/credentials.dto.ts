import { z } from 'zod';

export const putCredentialSchema = z.strictObject({
  api_key: z.string().min(1).max(8192),
  /** Optional own endpoint (e.g. an Azure resource or a private vLLM), checked against SSRF. */
  base_url: z.url({ protocol: /^https?$/ }).nullish(),
  org_id: z.string().min(1).max(100).optional(),
});
export type PutCredentialInput = z.infer<typeof putCredentialSchema>;

export interface CredentialRow {
  providerId: string;
  baseUrl: string | null;
  lastFour: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Never the key: only its last four characters. */
export const toCredentialView = (row: CredentialRow) => ({
  provider_id: row.providerId,
  base_url: row.baseUrl,
  key_last_four: row.lastFour,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
