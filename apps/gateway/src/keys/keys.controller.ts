import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import type { StoredKey } from '../auth/api-key.repository';
import { AnyKeyGuard, CurrentKey, CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { AuditService } from '../audit/audit.service';
import { createKeySchema, listKeysQuerySchema, rotateKeySchema, toKeyView, updateKeySchema } from './keys.dto';
import { KeysService } from './keys.service';

@Controller(['api/v1', 'v1'])
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

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
    return { data: (await this.keys.list(principal, offset, limit, org_id)).map(toKeyView) };
  }

  @Get('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { data: toKeyView(await this.keys.findVisible(principal, id)) };
  }

  @Patch('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { before, after } = await this.keys.update(principal, id, updateKeySchema.parse(body ?? {}));
    await this.audit.record(principal, { action: 'key.update', targetType: 'api_key', targetId: after.id, orgId: after.orgId, before: toKeyView(before), after: toKeyView(after) });
    return { data: toKeyView(after) };
  }

  /** A new secret for the key; the old one keeps working for the grace period. */
  @Post('keys/:id/rotate')
  @HttpCode(201)
  @UseGuards(ManagementKeyGuard)
  async rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { grace_seconds } = rotateKeySchema.parse(body ?? {});
    const { old, replacement, secret } = await this.keys.rotate(principal, id, grace_seconds);
    await this.audit.record(principal, { action: 'key.rotate', targetType: 'api_key', targetId: old.id, orgId: old.orgId, before: toKeyView(old), after: toKeyView(replacement) });
    return { data: toKeyView(replacement), key: secret, replaced: toKeyView(old) };
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
    const key = await this.keys.current(cached);
    const view = toKeyView(key);
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
