export { type EndedOffer, LivePublisher } from './live-publisher';
export { LivePublisherModule } from './live-publisher.module';
export { responderRoom, userRoom } from './rooms';
export { socketIoKey } from './socket-io-key';
export { socketIoParser } from './socket-io-parser';
export { DistrictPresence, PRESENCE_REFRESH_MS, PRESENCE_STALE_MS, reachIn } from './district-presence';
export type { Coverage, DistrictKey, PresenceEntry, PresenceSnapshot, Reach } from './district-presence';
