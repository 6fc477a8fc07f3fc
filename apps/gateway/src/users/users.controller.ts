import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard, MembersAllowed } from '../auth/guards';
import { AuditService } from '../audit/audit.service';
import { toKeyView } from '../keys/keys.dto';
import { KeysService } from '../keys/keys.service';
import { addMemberSchema, changeRoleSchema, userKeySchema } from './users.dto';
import { UsersService } from './users.service';

/** Members of an organisation, their roles, and keys created for them. */
@Controller()
@UseGuards(ManagementKeyGuard)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

  @Post(['api/v1/users', 'v1/users'])
  @HttpCode(201)
  async add(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = addMemberSchema.parse(body ?? {});
    const orgId = this.users.orgOf(principal, input.org_id);
    const member = await this.users.add(principal, orgId, input);
    await this.audit.record(principal, { action: 'user.add', targetType: 'user', targetId: member.id, orgId, after: member });
    return { data: member };
  }

  @Get(['api/v1/users', 'v1/users'])
  async list(@CurrentPrincipal() principal: Principal, @Query('org_id') orgId?: string) {
    return { data: await this.users.list(this.users.orgOf(principal, orgId)) };
  }

  @Get(['api/v1/users/:id', 'v1/users/:id'])
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('org_id') orgId?: string) {
    return { data: await this.users.get(this.users.orgOf(principal, orgId), id) };
  }

  @Patch(['api/v1/users/:id', 'v1/users/:id'])
  async changeRole(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown, @Query('org_id') orgId?: string) {
    const org = this.users.orgOf(principal, orgId);
    const { before, after } = await this.users.changeRole(principal, org, id, changeRoleSchema.parse(body ?? {}).role);
    await this.audit.record(principal, { action: 'user.role', targetType: 'user', targetId: id, orgId: org, before, after });
    return { data: after };
  }

  @Delete(['api/v1/users/:id', 'v1/users/:id'])
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('org_id') orgId?: string) {
    const org = this.users.orgOf(principal, orgId);
    const before = await this.users.remove(principal, org, id);
    await this.audit.record(principal, { action: 'user.remove', targetType: 'user', targetId: id, orgId: org, before });
    return { data: { id, deleted: true } };
  }

  /** AllTokens' documented path: `{"label"}` in, the key (shown once) out. */
  @Post('api/platform/users/:userId/apikeys')
  @HttpCode(201)
  @MembersAllowed()
  async createKey(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Body() body: unknown, @Query('org_id') orgId?: string) {
    const input = userKeySchema.parse(body ?? {});
    this.users.assertMayActFor(principal, userId);
    const org = this.users.orgOf(principal, orgId);
    await this.users.get(org, userId);
    const { stored, secret } = await this.keys.create(principal, {
      name: input.label,
      kind: 'inference',
      org_id: orgId,
      user_id: userId,
      limit: input.limit,
      expires_at: input.expires_at,
      allowed_models: input.allowed_models,
      cache: false,
    });
    await this.audit.record(principal, { action: 'key.create', targetType: 'api_key', targetId: stored.id, orgId: org, after: toKeyView(stored) });
    return { key: secret, label: input.label, data: toKeyView(stored) };
  }
}
