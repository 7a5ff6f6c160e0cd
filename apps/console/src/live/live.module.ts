import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsoleGateway } from './console.gateway';
import { RespondersGateway } from './responders.gateway';
import { SocketIoRedis } from './socket-io-redis';

@Module({
  imports: [AuthModule],
  providers: [SocketIoRedis, ConsoleGateway, RespondersGateway],
  exports: [SocketIoRedis],
})
export class LiveModule {}
