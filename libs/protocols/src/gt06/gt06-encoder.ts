import type { DeviceCommand } from '../device-protocol';
import { sealFrame } from './gt06-envelope';

/** The server's command packet: the device answers it with 0x15 (or 0x21 on the 4G models). */
export const COMMAND_PROTOCOL = 0x80;

/**
 * The answer a device waits for: `78 78 05 PROTO SERIAL CRC 0D 0A`, with the serial the device
 * sent (Concox devices resend until the answer carries their own serial).
 */
export function encodeGt06Answer(protocolNumber: number, serial: number): Buffer {
  return sealFrame(protocolNumber, Buffer.alloc(0), serial);
}

/** The ASCII command text of the Concox documents (GT06N: `DWXX#` position query, `SOS,A,n1,n2,n3#`). */
export function commandText(command: DeviceCommand): string {
  switch (command.kind) {
    case 'locate':
      return 'DWXX#';
    case 'sos-numbers':
      return `SOS,A,${sosNumbers(command.numbers).join(',')}#`;
  }
}

const MAX_SOS_NUMBERS = 3;
/** A dialable number: digits with an optional leading +; anything else would break the comma-separated command. */
const DIALABLE = /^\+?\d{1,20}$/;

function sosNumbers(numbers: readonly string[]): readonly string[] {
  if (numbers.length < 1 || numbers.length > MAX_SOS_NUMBERS) throw new RangeError(`a GT06 takes 1 to ${MAX_SOS_NUMBERS} SOS numbers, not ${numbers.length}`);
  const bad = numbers.find((number) => !DIALABLE.test(number));
  if (bad !== undefined) throw new RangeError(`not a dialable SOS number: ${JSON.stringify(bad)}`);
  return numbers;
}

/**
 * A server command (protocol 0x80), framed as Traccar's Gt06ProtocolEncoder does:
 * command length (4 + text), 4-byte server flag (0), the ASCII text, the serial, the CRC. The
 * optional 2-byte language field is not sent (Traccar sends it only when configured per device).
 */
export function encodeGt06Command(command: DeviceCommand, serial: number): Buffer {
  return encodeGt06TextCommand(commandText(command), serial);
}

/** The 0x80 frame around any ASCII command text. */
export function encodeGt06TextCommand(commandAscii: string, serial: number): Buffer {
  const text = Buffer.from(commandAscii, 'ascii');
  const body = Buffer.alloc(1 + 4 + text.length);
  body[0] = 4 + text.length;
  body.writeUInt32BE(0, 1);
  text.copy(body, 5);
  return sealFrame(COMMAND_PROTOCOL, body, serial);
}
