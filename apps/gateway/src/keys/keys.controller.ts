import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import type { StoredKey } from '../auth/api-key.repository';
import { AnyKeyGuard, CurrentKey, CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { AuditService } from '../audit/audit.service';
import { createKeySchema, listKeysQuerySchema, rotateKeySchema, toKeyView, updateKeySchema } from './keys.dto';
import { KeyUsageRepository } from './key-usage.repository';
import { KeysService } from './keys.service';

@Controller(['api/v1', 'v1'])
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditService,
    private readonly usage: KeyUsageRepository,
  ) {}

  /** Key views with their lineage's lifetime and period usage, read in one query. */
  private async views<K extends StoredKey & { hash?: string }>(keys: K[]) {
    const usage = await this.usage.usageOf(keys);
    return keys.map((key) => toKeyView(key, usage.get(key.id)));
  }

  @Post('keys')
  @HttpCode(201)
  @UseGuards(ManagementKeyGuard)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const { stored, secret } = await this.keys.create(principal, createKeySchema.parse(body ?? {}));
    await this.audit.record(principal, { action: 'key.create', targetType: 'api_key', targetId: stored.id, orgId: stored.orgId, after: toKeyView(stored) });
    return { data: toKeyView(stored), key: secret };
  }

  @Get('keys')
  @UseGuards(ManagementKeyGuard)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { offset, limit, org_id } = listKeysQuerySchema.parse(query);
    return { data: await this.views(await this.keys.list(principal, offset, limit, org_id)) };
  }

  @Get('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const [view] = await this.views([await this.keys.findVisible(principal, id)]);
    return { data: view };
  }

  @Patch('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { before, after } = await this.keys.update(principal, id, updateKeySchema.parse(body ?? {}));
    const [beforeView, afterView] = await this.views([before, after]);
    await this.audit.record(principal, { action: 'key.update', targetType: 'api_key', targetId: after.id, orgId: after.orgId, before: beforeView, after: afterView });
    return { data: afterView };
  }

  /** A new secret for the key; the old one keeps working for the grace period. */
  @Post('keys/:id/rotate')
  @HttpCode(201)
  @UseGuards(ManagementKeyGuard)
  async rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { grace_seconds } = rotateKeySchema.parse(body ?? {});
    const { old, replacement, secret } = await this.keys.rotate(principal, id, grace_seconds);
    const [oldView, newView] = await this.views([old, replacement]);
    await this.audit.record(principal, { action: 'key.rotate', targetType: 'api_key', targetId: old.id, orgId: old.orgId, before: oldView, after: newView });
    return { data: newView, key: secret, replaced: oldView };
  }

  @Delete('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const key = await this.keys.findVisible(principal, id);
    await this.keys.revoke(principal, id);
    await this.audit.record(principal, { action: 'key.revoke', targetType: 'api_key', targetId: key.id, orgId: key.orgId, before: toKeyView(key) });
    return { deleted: true, id };
  }

  /** A key asks about itself (OpenRouter's `GET /api/v1/key`). */
  @Get('key')
  @UseGuards(AnyKeyGuard)
  async current(@CurrentKey() cached: StoredKey) {
    // Usage moves with every request: read it fresh rather than from the key cache.
    const key = await this.keys.current(cached);
    const [view] = await this.views([key]);
    return {
      data: {
        ...view,
        is_management_key: key.kind === 'management',
        is_provisioning_key: key.kind === 'management',
        is_free_tier: false,
      },
    };
  }
}
