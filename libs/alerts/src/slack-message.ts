import type { AlertEvent } from '@alltokens/contracts';

const TITLES: Record<AlertEvent['type'], string> = {
  'budget.threshold': 'Budget threshold reached',
  'endpoint.error_rate': 'Error rate spike',
  'endpoint.latency': 'Latency spike',
  'endpoint.breaker_open': 'Circuit breaker opened',
};

const show = (value: unknown) => (typeof value === 'number' ? String(Math.round(value * 1e6) / 1e6) : String(value));

/** Slack incoming-webhook message: `text` for notifications, `blocks` (header, summary, fields, context) for the channel. */
export function toSlackMessage(event: AlertEvent): { text: string; blocks: unknown[] } {
  const fields = Object.entries(event.data)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .slice(0, 10)
    .map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${show(value)}` }));
  return {
    text: `${TITLES[event.type]}: ${event.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: TITLES[event.type], emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: event.summary } },
      ...(fields.length ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `AllTokens · ${event.type} · organisation ${event.org_id} · ${event.occurred_at}` }] },
    ],
  };
}
