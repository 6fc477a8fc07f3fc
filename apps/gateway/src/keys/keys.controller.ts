import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import type { StoredKey } from '../auth/api-key.repository';
import { AnyKeyGuard, CurrentKey, CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { ApiKeyRepository } from '../auth/api-key.repository';
import { createKeySchema, listKeysQuerySchema, toKeyView } from './key.dto';
import { KeysService } from './keys.service';

@Controller(['api/v1', 'v1'])
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly repository: ApiKeyRepository,
  ) {}

  @Post('keys')
  @HttpCode(201)
  @UseGuards(ManagementKeyGuard)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const { stored, secret } = await this.keys.create(principal, createKeySchema.parse(body ?? {}));
    return { data: toKeyView(stored), key: secret };
  }

  @Get('keys')
  @UseGuards(ManagementKeyGuard)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { offset, limit, org_id } = listKeysQuerySchema.parse(query);
    const rows = await this.repository.list(this.keys.orgScope(principal, org_id), offset, limit);
    return { data: rows.map(toKeyView) };
  }

  @Get('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { data: toKeyView(await this.keys.findVisible(principal, id)) };
  }

  @Delete('keys/:id')
  @UseGuards(ManagementKeyGuard)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.keys.revoke(principal, id);
    return { deleted: true, id };
  }

  /** A key asks about itself (OpenRouter's `GET /api/v1/key`). */
  @Get('key')
  @UseGuards(AnyKeyGuard)
  async current(@CurrentKey() cached: StoredKey) {
    // Usage moves with every request: read it fresh rather than from the key cache.
    const key = (await this.repository.findById(cached.id)) ?? cached;
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
