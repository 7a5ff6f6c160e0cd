/**
 * CRC-16/X.25 (the "CRC-ITU" of the Concox documents): polynomial 0x1021 reflected (0x8408),
 * initial value 0xFFFF, output XOR 0xFFFF. A GT06 frame carries it over LEN … SERIAL.
 */
const REFLECTED_POLYNOMIAL = 0x8408;

const TABLE: readonly number[] = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) {
    crc = crc & 1 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
  }
  return crc;
});

export function crc16X25(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc = (crc >>> 8) ^ TABLE[(crc ^ byte) & 0xff];
  }
  return (crc ^ 0xffff) & 0xffff;
}
