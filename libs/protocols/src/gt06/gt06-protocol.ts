import type { DeviceProtocol } from '../device-protocol';
import { decodeGt06Frame } from './gt06-decoder';
import { encodeGt06Command } from './gt06-encoder';
import { Gt06FrameSplitter } from './gt06-splitter';

/**
 * Largest GT06 frame accepted. A `78 78` frame is at most 260 bytes; the `79 79` frames the
 * Traccar captures show (modular GPS, OBD text) stay under 300. 1 KiB leaves room and still
 * stops a stream that declares a photo or nonsense.
 */
export const GT06_MAX_FRAME_BYTES = 1024;

/** Concox GT06 binary protocol: a connection starts with the login (0x01), which names the IMEI. */
export const gt06Protocol: DeviceProtocol = {
  name: 'gt06',
  maxFrameBytes: GT06_MAX_FRAME_BYTES,
  requiresLogin: true,
  createSplitter: () => new Gt06FrameSplitter(GT06_MAX_FRAME_BYTES),
  decode: decodeGt06Frame,
  // The session knows which device it is talking to; GT06 commands carry no id or addressing.
  encodeCommand: (_deviceId, command, _addressing, serial) => encodeGt06Command(command, serial),
};
