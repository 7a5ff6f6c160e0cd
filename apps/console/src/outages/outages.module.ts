import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { OutagesController } from './outages.controller';
import { OutagesService } from './outages.service';

/** Mass events on the console (docs/outages.md): welfare calls, their CSV, the district overview. */
@Module({
  imports: [IncidentWritesModule],
  controllers: [OutagesController],
  providers: [OutagesService],
})
export class OutagesModule {}
