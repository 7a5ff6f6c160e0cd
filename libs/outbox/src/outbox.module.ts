import { Global, Module } from '@nestjs/common';
import { OutboxPublisher } from './outbox';

/** Needs the DataSource (DatabaseModule) and the QueueProducer (QueueProducerModule) of the app. */
@Global()
@Module({ providers: [OutboxPublisher], exports: [OutboxPublisher] })
export class OutboxModule {}
