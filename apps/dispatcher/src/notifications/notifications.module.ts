import { Queue } from '@app/contracts';
import { IncidentWritesModule } from '@app/incidents';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AlarmNotificationsProcessor, TechnicalNotificationsProcessor } from './notifications.processor';
import { NotificationsRepository } from './notifications.repository';
import { Notifier } from './notifier.service';
import { SocketChannel } from './socket.channel';
import { WebhookChannel } from './webhook.channel';

/** Offers delivered through the notification channels: the /responders socket and the signed webhook. */
@Module({
  imports: [BullModule.registerQueue({ name: Queue.Notifications }, { name: Queue.TechnicalNotifications }), IncidentWritesModule],
  providers: [AlarmNotificationsProcessor, TechnicalNotificationsProcessor, Notifier, NotificationsRepository, SocketChannel, WebhookChannel],
})
export class NotificationsModule {}
