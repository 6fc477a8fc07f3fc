import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { assertPublicUrl, SsrfError, webhookSsrfOptionsFromEnv, type SsrfGuardOptions } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';

/** A signing secret for a webhook: shown once, then only used by analytics to sign deliveries. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** Webhook URLs are organisation-supplied: no private, loopback or metadata addresses unless the operator allows them. */
@Injectable()
export class WebhookUrlCheck {
  private readonly options: SsrfGuardOptions;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.options = webhookSsrfOptionsFromEnv(env);
  }

  async assertAllowed(url: string, param: string): Promise<void> {
    try {
      await assertPublicUrl(url, this.options);
    } catch (error) {
      // A name that does not resolve now may later; analytics checks every address again at connect time.
      if (error instanceof SsrfError && error.reason === 'unresolvable') return;
      if (error instanceof SsrfError) throw new ApiError(400, 'webhook_url_not_allowed', `${param} is not allowed: ${error.message}`, param);
      throw error;
    }
  }
}
