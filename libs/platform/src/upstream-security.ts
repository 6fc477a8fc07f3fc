import type { BaseEnv } from './env';
import { createSecretBox, type SecretBox } from './secret-box';
import type { SsrfGuardOptions } from './ssrf-guard';

const list = (csv: string) => csv.split(',').map((item) => item.trim()).filter(Boolean);

/** The box sealing provider credentials, or null when the operator has not set an encryption key. */
export function secretBoxFromEnv(env: BaseEnv): SecretBox | null {
  if (!env.ALLTOKENS_ENCRYPTION_KEY) return null;
  return createSecretBox(env.ALLTOKENS_ENCRYPTION_KEY, list(env.ALLTOKENS_PREVIOUS_ENCRYPTION_KEYS));
}

/** How far organisation-supplied provider URLs may reach, as the operator allowed. */
export function ssrfOptionsFromEnv(env: BaseEnv): SsrfGuardOptions {
  return { allowPrivate: env.ALLTOKENS_UPSTREAM_ALLOW_PRIVATE, allowHosts: list(env.ALLTOKENS_UPSTREAM_ALLOW_HOSTS) };
}

/** How far organisation-supplied webhook URLs (alerts, budget thresholds) may reach. */
export function webhookSsrfOptionsFromEnv(env: BaseEnv): SsrfGuardOptions {
  return { allowPrivate: env.ALLTOKENS_WEBHOOK_ALLOW_PRIVATE, allowHosts: list(env.ALLTOKENS_WEBHOOK_ALLOW_HOSTS) };
}

/** Binds a sealed credential to its owner: a blob copied to another organisation or provider will not open. */
export const credentialAad = (orgId: string, providerId: string): string => `provider-credential:${orgId}:${providerId}`;
