import { DeviceProtocol } from '../device-protocol';
import { decodeWatchFrame } from './watch-decoder';
import { encodeWatchCommand } from './watch-encoder';
import { WatchFrameSplitter } from './watch-splitter';

/**
 * Largest watch frame accepted. Text frames stay under 1 KiB even with a long Wi-Fi list; the
 * limit leaves room for the voice-message frames (TK, JXTK chunks) a watch may send, so such a
 * frame does not get its connection closed, while bounding what one connection can buffer.
 */
export const WATCH_MAX_FRAME_BYTES = 64 * 1024;

/** The "3G watch" (SeTracker family) text protocol. Every frame carries the device id: no login. */
export const watchProtocol: DeviceProtocol = {
  name: 'watch',
  maxFrameBytes: WATCH_MAX_FRAME_BYTES,
  requiresLogin: false,
  createSplitter: () => new WatchFrameSplitter(WATCH_MAX_FRAME_BYTES),
  decode: decodeWatchFrame,
  // The watch has no command serial.
  encodeCommand: (deviceId, command, addressing) => encodeWatchCommand(deviceId, command, addressing),
};
