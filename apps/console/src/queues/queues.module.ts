import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthModule } from '../auth/auth.module';
import { BoardSession } from './board-session';
import { BoardSessionController } from './board-session.controller';
import { QueueBoard } from './queue-board';

/** The queue dashboard (Bull Board) for admins, and the session that opens it. */
@Module({
  // Its own JwtService: the dashboard cookie is signed with a key of its own (see BoardSession).
  imports: [AuthModule, JwtModule.register({})],
  controllers: [BoardSessionController],
  providers: [BoardSession, QueueBoard],
})
export class QueuesModule {}
