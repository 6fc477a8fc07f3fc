import type { AlertEvent } from '@alltokens/contracts';
import { request, type Dispatcher } from 'undici';
import { signBody, SIGNATURE_HEADER } from './signature';
import { toSlackMessage } from './slack-message';

export interface AlertDestination {
  id: string;
  kind: 'webhook' | 'slack';
  url: string;
  /** HMAC key of a webhook; Slack's incoming-webhook URL is its own secret and gets no signature. */
  secret: string | null;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** False when resending cannot help (the receiver refused the request itself). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The request a destination gets: a signed JSON event for webhooks, Slack's `{text, blocks}` for Slack. */
export function renderDelivery(destination: AlertDestination, event: AlertEvent, now = Date.now()): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(destination.kind === 'slack' ? toSlackMessage(event) : event);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'AllTokens-Alerts/1',
    'x-alltokens-event-id': event.id,
    'x-alltokens-event-type': event.type,
  };
  if (destination.kind === 'webhook' && destination.secret) headers[SIGNATURE_HEADER] = signBody(destination.secret, body, Math.floor(now / 1000));
  return { body, headers };
}

/** Posts one event; throws DeliveryError unless the receiver answered 2xx. Redirects are not followed. */
export async function deliverAlert(destination: AlertDestination, event: AlertEvent, dispatcher?: Dispatcher, timeoutMs = 10_000): Promise<number> {
  const { body, headers } = renderDelivery(destination, event);
  let statusCode: number;
  try {
    const response = await request(destination.url, { method: 'POST', body, headers, dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    statusCode = response.statusCode;
    await response.body.dump();
  } catch (error) {
    throw new DeliveryError(`delivery to ${destination.id} failed: ${(error as Error).message}`, (error as Error).name !== 'SsrfError');
  }
  if (statusCode >= 200 && statusCode < 300) return statusCode;
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  throw new DeliveryError(`destination ${destination.id} answered ${statusCode}`, retryable);
}
