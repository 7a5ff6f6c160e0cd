import { Module } from '@nestjs/common';
import { HandsetAuthModule } from '../handset-auth/handset-auth.module';
import { IntakeModule } from '../intake/intake.module';
import { AlarmMetrics } from './alarm-metrics';
import { AlarmsController } from './alarms.controller';

/** The HTTP way in for presses (docs/architecture.md, 'Handset API'): signed requests, handed to the press intake. */
@Module({
  imports: [HandsetAuthModule, IntakeModule],
  controllers: [AlarmsController],
  providers: [AlarmMetrics],
})
export class AlarmsModule {}
