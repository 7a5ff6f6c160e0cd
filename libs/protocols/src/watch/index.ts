export { watchProtocol, WATCH_MAX_FRAME_BYTES } from './watch-protocol';
export { WatchFrameSplitter } from './watch-splitter';
export { decodeWatchFrame } from './watch-decoder';
export { encodeWatchCommand } from './watch-encoder';
export { WatchStatusBit, watchStatusWithBits } from './watch-alarm-status';
export { escapeWatchBinary, unescapeWatchBinary } from './watch-frame-format';
export type { WatchFrameHeader } from './watch-frame-format';
export { buildWatchAlarm, buildWatchBinaryFrame, buildWatchFrame, buildWatchHeartbeat, buildWatchLocation } from './watch-device-frames';
export type { WatchCellList, WatchFix, WatchFrameOptions, WatchHeartbeatFields, WatchLocationFields, WatchTypedFrameOptions } from './watch-device-frames';
