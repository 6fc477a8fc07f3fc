import { Global, Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { WebhookUrlCheck } from './webhook-url-check';

/** Global for the webhook URL check, which budgets' webhooks share. */
@Global()
@Module({ controllers: [AlertsController], providers: [AlertsService, AlertsRepository, WebhookUrlCheck], exports: [WebhookUrlCheck] })
export class AlertsModule {}
