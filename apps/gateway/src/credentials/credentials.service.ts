import { Inject, Injectable } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { assertPublicUrl, credentialAad, secretBoxFromEnv, ssrfOptionsFromEnv, SsrfError, type SecretBox } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CredentialCache } from './credential-cache.service';
import type { CredentialRow, PutCredentialInput } from './credentials.dto';
import { CredentialsRepository } from './credentials.repository';

/** Bring your own key: seals an organisation's provider key (AES-256-GCM) after checking the provider and its URL. */
@Injectable()
export class CredentialsService {
  private readonly box: SecretBox | null;

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly cache: CredentialCache,
    private readonly catalog: Catalog,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.box = secretBoxFromEnv(env);
  }

  async put(orgId: string, providerId: string, input: PutCredentialInput): Promise<CredentialRow> {
    const box = this.requireBox();
    if (!this.catalog.provider(providerId)) throw new ApiError(404, 'provider_not_found', `No provider '${providerId}' in this gateway's catalog`);
    if (input.base_url) await this.assertReachable(input.base_url);
    const data = { sealed: box.seal(input.api_key, credentialAad(orgId, providerId)), baseUrl: input.base_url?.replace(/\/+$/, '') ?? null, lastFour: input.api_key.slice(-4) };
    await this.organizations.ensure(orgId);
    const row = await this.credentials.put(orgId, providerId, data);
    this.cache.forget(orgId);
    return row;
  }

  list(orgId: string): Promise<CredentialRow[]> {
    return this.credentials.list(orgId);
  }

  async remove(orgId: string, providerId: string): Promise<void> {
    if (!(await this.credentials.remove(orgId, providerId))) throw new ApiError(404, 'credential_not_found', `No credential for '${providerId}' in '${orgId}'`);
    this.cache.forget(orgId);
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new ApiError(501, 'byok_disabled', 'Provider credentials need ALLTOKENS_ENCRYPTION_KEY on the gateway and routers');
    return this.box;
  }

  private async assertReachable(url: string): Promise<void> {
    try {
      await assertPublicUrl(url, ssrfOptionsFromEnv(this.env));
    } catch (error) {
      if (error instanceof SsrfError) throw new ApiError(400, 'unsafe_base_url', `base_url refused: ${error.message}`, 'base_url');
      throw new ApiError(400, 'unresolvable_base_url', `base_url cannot be resolved: ${(error as Error).message}`, 'base_url');
    }
  }
}
