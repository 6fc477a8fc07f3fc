import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { MemberProvisioningRepository } from './oidc/member-provisioning.repository';
import { MemberProvisioning } from './oidc/member-provisioning.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { OrganizationSwitch } from './organization-switch.service';
import { SessionMiddleware } from './session.middleware';
import { SessionPrincipals } from './session-principal.service';
import { SessionStore } from './session.store';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';

/** Console sign-in (management key or OIDC), Redis-backed sessions, and the cookie + CSRF middleware. */
@Module({
  controllers: [SessionsController, OidcController],
  providers: [SessionStore, SessionPrincipals, OrganizationSwitch, SessionsRepository, SessionMiddleware, OidcService, MemberProvisioning, MemberProvisioningRepository],
  exports: [SessionStore],
})
export class SessionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('{*splat}');
  }
}
