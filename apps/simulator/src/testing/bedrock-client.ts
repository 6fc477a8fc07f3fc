import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** Small Bedrock helpers for the simulator's specs: SigV4-signed requests and decoded event streams. */

export interface SignOptions {
  secret?: string;
  region?: string;
  service?: string;
  date?: Date;
  /** Headers sent but not signed (or sent instead of the signed ones, to tamper). */
  extraHeaders?: Record<string, string>;
  /** Sent instead of the signed body. */
  sentBody?: string;
}

export interface BedrockResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  /** The body as text (JSON answers and errors). */
  text: string;
}

/** POSTs `body` to `url` signed with SigV4 the way the AWS SDK signs it (secret `sim-key` by default). */
export async function signedPost(url: string, body: unknown, options: SignOptions = {}): Promise<BedrockResponse> {
  const target = new URL(url);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const signer = new SignatureV4({
    service: options.service ?? 'bedrock',
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: options.secret ?? 'sim-key' },
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    headers: { 'content-type': 'application/json', host: target.host },
    body: text,
  });
  const signed = await signer.sign(request, { signingDate: options.date ?? new Date() });
  const { host: _host, ...headers } = signed.headers;
  return post(url, options.sentBody ?? text, { ...headers, ...options.extraHeaders });
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<BedrockResponse> {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: toUtf8(bytes) };
}

export interface DecodedMessage {
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** The messages of a whole `application/vnd.amazon.eventstream` body. */
export function decodeEventStream(bytes: Uint8Array): DecodedMessage[] {
  const messages: DecodedMessage[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const headers = Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, String(header.value)]));
    messages.push({ headers, payload: JSON.parse(toUtf8(message.body)) });
    offset += length;
  }
  return messages;
}
