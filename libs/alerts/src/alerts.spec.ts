import { createServer, type IncomingMessage } from 'node:http';
import type { AlertEvent } from '@alltokens/contracts';
import { deliverAlert, DeliveryError, renderDelivery } from './delivery';
import { signBody, verifySignature, SIGNATURE_HEADER } from './signature';
import { toSlackMessage } from './slack-message';

const event: AlertEvent = {
  id: 'alert-1',
  type: 'endpoint.error_rate',
  org_id: 'acme',
  rule_id: 'rule-1',
  summary: 'primary:openai/gpt-4o-mini failed 40% of 50 requests in 5 min (threshold 20%)',
  occurred_at: '2026-03-01T12:00:00.000Z',
  data: { endpoint_id: 'primary:openai/gpt-4o-mini', error_rate: 0.4, requests: 50, window_seconds: 300, nested: { skipped: true } },
};

describe('webhook signatures', () => {
  it('verifies what it signed, in time, with the right secret', () => {
    const body = JSON.stringify(event);
    const now = Date.UTC(2026, 2, 1, 12);
    const header = signBody('whsec_test', body, now / 1000);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', body, header, 300, now)).toBe(true);
    expect(verifySignature('whsec_other', body, header, 300, now)).toBe(false);
    expect(verifySignature('whsec_test', `${body} `, header, 300, now)).toBe(false);
    expect(verifySignature('whsec_test', body, header, 300, now + 301_000)).toBe(false);
    expect(verifySignature('whsec_test', body, undefined)).toBe(false);
    expect(verifySignature('whsec_test', body, 't=abc,v1=00')).toBe(false);
  });
});

describe('Slack format', () => {
  it('is an incoming-webhook message: text plus header, summary, fields and context blocks', () => {
    const message = toSlackMessage(event);
    expect(message.text).toBe(`Error rate spike: ${event.summary}`);
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Error rate spike', emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: event.summary } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*endpoint_id*\nprimary:openai/gpt-4o-mini' },
          { type: 'mrkdwn', text: '*error_rate*\n0.4' },
          { type: 'mrkdwn', text: '*requests*\n50' },
          { type: 'mrkdwn', text: '*window_seconds*\n300' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'AllTokens · endpoint.error_rate · organisation acme · 2026-03-01T12:00:00.000Z' }] },
    ]);
  });

  it('is not signed (the Slack URL is the secret); webhooks are', () => {
    expect(renderDelivery({ id: 's', kind: 'slack', url: 'https://hooks.slack.com/x', secret: null }, event).headers[SIGNATURE_HEADER]).toBeUndefined();
    const webhook = renderDelivery({ id: 'w', kind: 'webhook', url: 'https://x', secret: 'k' }, event);
    expect(verifySignature('k', webhook.body, webhook.headers[SIGNATURE_HEADER])).toBe(true);
  });
});

describe('deliverAlert', () => {
  let statuses: number[] = [];
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => server.close());

  it('posts the signed event and tells retryable failures from refusals', async () => {
    statuses = [200, 503, 410];
    const destination = { id: 'd', kind: 'webhook' as const, url, secret: 'whsec_1' };
    await expect(deliverAlert(destination, event)).resolves.toBe(200);
    expect(JSON.parse(received[0]!.body)).toEqual(event);
    expect(verifySignature('whsec_1', received[0]!.body, received[0]!.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(received[0]!.headers['x-alltokens-event-id']).toBe('alert-1');
    await expect(deliverAlert(destination, event)).rejects.toMatchObject({ constructor: DeliveryError, retryable: true });
    await expect(deliverAlert(destination, event)).rejects.toMatchObject({ constructor: DeliveryError, retryable: false });
    await expect(deliverAlert({ ...destination, url: 'http://127.0.0.1:1/closed' }, event)).rejects.toMatchObject({ retryable: true });
  });
});
