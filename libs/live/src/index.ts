export { LivePublisher } from './live-publisher';
export { LivePublisherModule } from './live-publisher.module';
export { responderRoom, userRoom } from './rooms';
export { socketIoKey } from './socket-io-key';
