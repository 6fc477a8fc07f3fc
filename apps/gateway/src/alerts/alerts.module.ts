import { Global, Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { WebhookUrlCheck } from './webhook-url-check';

@Global()
@Module({ controllers: [AlertsController], providers: [AlertsService, WebhookUrlCheck], exports: [WebhookUrlCheck] })
export class AlertsModule {}
