import { DeviceAddressing, DeviceCommand } from '../device-protocol';
import { formatWatchFrame } from './watch-frame-format';

/** Maker used when no frame has told us the device's own (the generic one of the protocol documents). */
const DEFAULT_MAKER = 'CS';
/** The watch has three SOS slots. */
const SOS_SLOTS = 3;
/** What a number written into a command may hold: anything else would break the frame. */
const DIALLABLE = /^\+?[0-9]*$/;

/** The content of a command, without the envelope. */
function commandContent(command: DeviceCommand): string {
  switch (command.kind) {
    case 'locate':
      // CR: report the position now.
      return 'CR';
    case 'sos-numbers': {
      if (command.numbers.length > SOS_SLOTS) throw new RangeError(`a watch holds ${SOS_SLOTS} SOS numbers, got ${command.numbers.length}`);
      const invalid = command.numbers.find((number) => !DIALLABLE.test(number));
      if (invalid !== undefined) throw new RangeError(`SOS number ${JSON.stringify(invalid)} is not diallable`);
      // SOS,n1,n2,n3 sets all three slots at once; an empty slot clears it.
      const slots = [...command.numbers, ...Array<string>(SOS_SLOTS - command.numbers.length).fill('')];
      return `SOS,${slots.join(',')}`;
    }
  }
}

/**
 * A server command for a watch, in the dialect of its last frame (maker and ZJ index echoed).
 * Throws RangeError for a command no watch could take (more than three SOS numbers, a number
 * with other characters than digits and a leading +): the caller validates before.
 */
export function encodeWatchCommand(deviceId: string, command: DeviceCommand, addressing: DeviceAddressing): Buffer {
  const header = { maker: addressing.maker ?? DEFAULT_MAKER, deviceId, ...(addressing.index === undefined ? {} : { index: addressing.index }) };
  return formatWatchFrame(header, commandContent(command));
}
