import { ApiError } from '@alltokens/contracts';
import type { ProviderInfo } from '@alltokens/catalog';
import { BATCH_EMBED_CONTENTS, VERTEX_PREDICT, type EmbeddingsWire } from './gemini.embeddings';

/** Where one of Google's two Gemini APIs lives and how it authenticates; the wire format is the same. */
export interface GoogleApi {
  format: string;
  displayName: string;
  defaultBaseUrl: string;
  /** The model's resource URL; methods are appended as `:<method>`. */
  modelUrl(provider: ProviderInfo, model: string): string;
  headers(provider: ProviderInfo): Record<string, string>;
  embeddings: EmbeddingsWire;
}

const jsonHeaders = (provider: ProviderInfo, auth: Record<string, string>): Record<string, string> => ({
  'content-type': 'application/json',
  ...provider.headers,
  ...auth,
});

/** Google AI Studio (the Gemini Developer API), keyed by `x-goog-api-key`. */
export const AI_STUDIO: GoogleApi = {
  format: 'gemini',
  displayName: 'Google Gemini',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  modelUrl: (provider, model) => `${provider.baseUrl}/v1beta/models/${encodeURIComponent(model)}`,
  headers: (provider) => jsonHeaders(provider, provider.apiKey ? { 'x-goog-api-key': provider.apiKey } : {}),
  embeddings: BATCH_EMBED_CONTENTS,
};

const VERTEX_GLOBAL_URL = 'https://aiplatform.googleapis.com';

/**
 * Vertex AI's host depends on the location: `https://{location}-aiplatform.googleapis.com`, or the
 * global host for `global`. The global host is the format's default base URL, so a provider without
 * `base_url` gets its location's own host.
 */
function vertexHost(provider: ProviderInfo, location: string): string {
  if (provider.baseUrl && provider.baseUrl !== VERTEX_GLOBAL_URL) return provider.baseUrl;
  return location === 'global' ? VERTEX_GLOBAL_URL : `https://${location}-aiplatform.googleapis.com`;
}

function vertexModelUrl(provider: ProviderInfo, model: string): string {
  const { project, location = 'global' } = provider.options;
  if (!project) throw new ApiError(500, 'provider_misconfigured', `Provider ${provider.id}: Vertex AI needs options.project (and options.location)`);
  const resource = `projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${encodeURIComponent(model)}`;
  return `${vertexHost(provider, location)}/v1/${resource}`;
}

/** Vertex AI, authenticated with an OAuth access token as the provider's `api_key`. */
export const VERTEX_AI: GoogleApi = {
  format: 'vertex',
  displayName: 'Google Vertex AI',
  defaultBaseUrl: VERTEX_GLOBAL_URL,
  modelUrl: vertexModelUrl,
  headers: (provider) => jsonHeaders(provider, provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
  embeddings: VERTEX_PREDICT,
};
