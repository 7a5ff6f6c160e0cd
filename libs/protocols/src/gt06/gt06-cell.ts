import type { CellTower } from '../device-protocol';

/**
 * The serving cell of LBS blocks: MCC (2), MNC (1, or 2 when MCC bit 15 is set, as Traccar
 * reads it), LAC (2), cell id (3).
 */
const WIDE_MNC = 0x8000;

/** How many bytes the cell at `at` takes (its MNC width is told by the MCC's bit 15). */
export function cellBytesAt(buf: Buffer, at: number): number {
  return buf.readUInt16BE(at) & WIDE_MNC ? 9 : 8;
}

/** The cell at `at`, or undefined when the device reports none (no country code, or neither area nor cell). */
export function decodeCell(buf: Buffer, at: number): CellTower | undefined {
  const mccWord = buf.readUInt16BE(at);
  const wide = (mccWord & WIDE_MNC) !== 0;
  const mnc = wide ? buf.readUInt16BE(at + 2) : buf[at + 2];
  const lacAt = at + (wide ? 4 : 3);
  const cell: CellTower = { mcc: mccWord & ~WIDE_MNC, mnc, lac: buf.readUInt16BE(lacAt), cid: buf.readUIntBE(lacAt + 2, 3) };
  return cell.mcc === 0 || (cell.lac === 0 && cell.cid === 0) ? undefined : cell;
}

export function encodeCell(cell: CellTower): Buffer {
  const wide = cell.mnc > 0xff;
  const block = Buffer.alloc(wide ? 9 : 8);
  block.writeUInt16BE((cell.mcc & ~WIDE_MNC) | (wide ? WIDE_MNC : 0), 0);
  if (wide) block.writeUInt16BE(cell.mnc, 2);
  else block[2] = cell.mnc;
  const lacAt = wide ? 4 : 3;
  block.writeUInt16BE(cell.lac, lacAt);
  block.writeUIntBE(cell.cid, lacAt + 2, 3);
  return block;
}
