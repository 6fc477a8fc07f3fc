import type { BreakerOpenedJob } from '@alltokens/contracts';
import type { AlertNotifier } from './alert-notifier';
import type { AlertsRepository } from './alerts.repository';

/** A router saw a circuit breaker open: every organisation with a matching breaker_open rule is told, once per its window. */
export class BreakerAlerts {
  constructor(
    private readonly rules: AlertsRepository,
    private readonly notifier: AlertNotifier,
  ) {}

  async opened(signal: BreakerOpenedJob): Promise<number> {
    const rules = (await this.rules.enabledRules()).filter((rule) => rule.type === 'breaker_open' && (!rule.endpointId || rule.endpointId === signal.endpointId));
    let fired = 0;
    for (const rule of rules) {
      const window = Math.floor(signal.at / (rule.windowSeconds * 1000));
      const sent = await this.notifier.fire(
        {
          id: `breaker_open|${rule.id}|${signal.endpointId}|${window}`,
          type: 'endpoint.breaker_open',
          org_id: rule.orgId,
          rule_id: rule.id,
          occurred_at: new Date(signal.at).toISOString(),
          summary: `${signal.endpointId}: circuit breaker opened after ${signal.failures} consecutive failures; traffic avoids it until ${new Date(signal.openUntil).toISOString()}`,
          data: { rule: rule.name, endpoint_id: signal.endpointId, provider_id: signal.providerId, model_id: signal.modelId, failures: signal.failures, open_until: new Date(signal.openUntil).toISOString() },
        },
        rule.destinationIds,
      );
      if (sent) fired += 1;
    }
    return fired;
  }
}
