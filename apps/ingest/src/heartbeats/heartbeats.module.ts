import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { HandsetAuthModule } from '../handset-auth/handset-auth.module';
import { HeartbeatThrottle } from './heartbeat-throttle';
import { HeartbeatsController } from './heartbeats.controller';
import { HeartbeatsService } from './heartbeats.service';

@Module({
  imports: [HandsetAuthModule, ContactsModule],
  controllers: [HeartbeatsController],
  providers: [HeartbeatsService, HeartbeatThrottle],
})
export class HeartbeatsModule {}
