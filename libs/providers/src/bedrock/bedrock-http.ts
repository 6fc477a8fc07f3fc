import { Sha256 } from '@aws-crypto/sha256-js';
import { ApiError } from '@alltokens/contracts';
import type { ProviderInfo } from '@alltokens/catalog';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { UpstreamRequest } from '../core/adapter';

/** The regional endpoint; `{region}` is replaced by `options.region` (also in a configured `base_url`). */
export const BEDROCK_RUNTIME_URL = 'https://bedrock-runtime.{region}.amazonaws.com';

const misconfigured = (provider: ProviderInfo, what: string) =>
  new ApiError(500, 'provider_misconfigured', `Provider ${provider.id}: AWS Bedrock needs ${what}`);

function modelUrl(provider: ProviderInfo, modelId: string, operation: string): string {
  let base = provider.baseUrl || BEDROCK_RUNTIME_URL;
  if (base.includes('{region}')) {
    if (!provider.options.region) throw misconfigured(provider, 'options.region (or a base_url)');
    base = base.replaceAll('{region}', provider.options.region);
  }
  return `${base.replace(/\/+$/, '')}/model/${encodeURIComponent(modelId)}/${operation}`;
}

/** AWS Signature Version 4 over the exact bytes sent, as the AWS SDK signs them (service `bedrock`). */
async function signV4(provider: ProviderInfo, accessKeyId: string, url: URL, headers: Record<string, string>, body: string): Promise<Record<string, string>> {
  const { region, secret_access_key: secretAccessKey, session_token: sessionToken } = provider.options;
  if (!region) throw misconfigured(provider, 'options.region to sign requests');
  if (!secretAccessKey) throw misconfigured(provider, 'options.secret_access_key with options.access_key_id');
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) },
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port && { port: Number(url.port) }),
    path: url.pathname,
    headers: { ...headers, host: url.host },
    body,
  });
  const signed = await signer.sign(request);
  return signed.headers;
}

/**
 * A POST to `/model/{modelId}/{operation}`, authenticated with SigV4 when `options.access_key_id` is
 * set, otherwise with a Bedrock API key (`api_key`) as a bearer token.
 */
export async function bedrockRequest(provider: ProviderInfo, modelId: string, operation: string, body: string): Promise<UpstreamRequest> {
  const url = modelUrl(provider, modelId, operation);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...provider.headers };
  const accessKeyId = provider.options.access_key_id;
  if (accessKeyId) return { url, headers: await signV4(provider, accessKeyId, new URL(url), headers, body), body };
  if (!provider.apiKey) throw misconfigured(provider, 'options.access_key_id and options.secret_access_key, or api_key');
  return { url, headers: { ...headers, authorization: `Bearer ${provider.apiKey}` }, body };
}
