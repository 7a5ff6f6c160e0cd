export { OutboxPublisher, outboxEntry, outboxInsert, writeOutbox } from './outbox';
export type { OutboxEntry } from './outbox';
export { OutboxModule } from './outbox.module';
