import { IncidentPublisherModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsoleGateway } from './console.gateway';
import { OperatorPresence } from './operator-presence';
import { RespondersGateway } from './responders.gateway';
import { SocketGuard } from './socket-guard';
import { SocketIoRedis } from './socket-io-redis';
import { SocketSlots } from './socket-slots';

@Module({
  imports: [AuthModule, IncidentPublisherModule],
  providers: [SocketIoRedis, SocketSlots, SocketGuard, OperatorPresence, ConsoleGateway, RespondersGateway],
  exports: [SocketIoRedis],
})
export class LiveModule {}
