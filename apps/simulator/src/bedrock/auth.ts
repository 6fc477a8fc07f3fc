import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ApiError } from '../personality';
import { awsError } from './errors';

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=(?<accessKeyId>[^/\s]+)\/(?<scopeDate>\d{8})\/(?<region>[^/\s]+)\/(?<service>[^/\s]+)\/aws4_request,\s*SignedHeaders=(?<signedHeaders>[a-z0-9;-]+),\s*Signature=(?<signature>[0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** AWS refuses signatures more than five minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60_000;

const forbidden = (type: string, message: string) => awsError(403, type, message);
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

function signingDate(amzDate: string): Date | undefined {
  const parts = AMZ_DATE.exec(amzDate);
  return parts ? new Date(`${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}Z`) : undefined;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies AWS Signature Version 4 the way AWS does: the credential scope names service `bedrock`,
 * the date is within five minutes, the payload hash matches the body, and re-signing the signed
 * headers with the secret (the simulator's key; any access key id) gives the same signature.
 */
async function verifySigV4(headers: IncomingHttpHeaders, secret: string, method: string, path: string, body: string): Promise<ApiError | undefined> {
  const parsed = SIGV4.exec(header(headers, 'authorization')!)?.groups;
  if (!parsed) return forbidden('IncompleteSignatureException', "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  const { accessKeyId, scopeDate, region, service, signedHeaders, signature } = parsed as Record<string, string>;
  if (service !== 'bedrock') return forbidden('InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock'.");
  const amzDate = header(headers, 'x-amz-date') ?? '';
  const date = signingDate(amzDate);
  if (!date || !amzDate.startsWith(scopeDate)) return forbidden('IncompleteSignatureException', 'Date must be in ISO-8601 basic format and match the credential scope.');
  if (Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS) return forbidden('InvalidSignatureException', `Signature expired: ${amzDate} is more than 5 min. away from the server time.`);
  const payloadHash = header(headers, 'x-amz-content-sha256');
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(body).digest('hex')) {
    return forbidden('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return forbidden('InvalidSignatureException', "'Host' must be a signed header.");
  const request = new HttpRequest({
    method,
    hostname: header(headers, 'host')!,
    path,
    headers: Object.fromEntries(names.map((name) => [name, header(headers, name) ?? ''])),
    body,
  });
  // Only the headers the client signed are signed again: no payload-hash header is added.
  const signer = new SignatureV4({ service: 'bedrock', region, credentials: { accessKeyId, secretAccessKey: secret }, sha256: Sha256, applyChecksum: false });
  const expected = (await signer.sign(request, { signingDate: date })).headers.authorization!;
  return sameText(expected.slice(-64), signature) ? undefined : forbidden('InvalidSignatureException', MISMATCH);
}

/** SigV4-signed requests, or a Bedrock API key as `Authorization: Bearer <key>`. */
export async function authenticate(headers: IncomingHttpHeaders, apiKey: string, method: string, path: string, body: string): Promise<ApiError | undefined> {
  const authorization = header(headers, 'authorization');
  if (!authorization) return forbidden('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (/^Bearer\s/i.test(authorization)) {
    if (sameText(authorization.replace(/^Bearer\s+/i, '').trim(), apiKey)) return undefined;
    return awsError(403, 'AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.', {}, 'Message');
  }
  return verifySigV4(headers, apiKey, method, path, body);
}
