import type { ProviderInfo } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';

/** The Yandex Cloud folder every call is billed to (`options.folder_id`). */
export function folderOf(provider: ProviderInfo): string {
  const folder = provider.options.folder_id;
  if (!folder) {
    throw new ApiError(500, 'provider_misconfigured', `Provider ${provider.id}: YandexGPT needs options.folder_id (the Yandex Cloud folder id)`);
  }
  return folder;
}

/** `Api-Key <key>` by default; `Bearer <IAM token>` with `options.auth: iam`. */
export function yandexHeaders(provider: ProviderInfo): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-folder-id': folderOf(provider), ...provider.headers };
  if (provider.apiKey) headers.authorization = `${provider.options.auth === 'iam' ? 'Bearer' : 'Api-Key'} ${provider.apiKey}`;
  return headers;
}

/** `gpt://<folder>/yandexgpt/latest`; an upstream id that already is a URI (a tuned model) is kept. */
export function modelUri(scheme: 'gpt' | 'emb', provider: ProviderInfo, upstreamModel: string): string {
  return upstreamModel.includes('://') ? upstreamModel : `${scheme}://${folderOf(provider)}/${upstreamModel}`;
}
