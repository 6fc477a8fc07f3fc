import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { TailController } from './tail/tail.controller';
import { TailHub } from './tail/tail-hub.service';

/** The web console's server side: its live tail and the read models its pages need. */
@Module({
  imports: [SessionsModule],
  controllers: [TailController],
  providers: [TailHub],
})
export class ConsoleModule {}
