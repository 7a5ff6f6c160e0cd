import { AnswerTiming, DecodedFrame, DecodeResult, DeviceAddressing, DeviceMessage, DeviceReport } from '../device-protocol';
import { decodeAlarmStatus, watchStatusWord } from './watch-alarm-status';
import { formatWatchFrame, isHex4, isWatchDeviceId, isWatchMaker, unescapeWatchBinary, WatchFrameHeader } from './watch-frame-format';
import { bodyFields, decodeLocationBody, hasFullLocationBody, percent } from './watch-location-body';

/** Its value is never used (it is wrong in many real frames); only its shape tells the header apart. */
const LENGTH_FIELD = /^[0-9A-Fa-f]{1,4}$/;
const TYPE = /^[A-Za-z0-9_]{1,32}$/;
const OPEN = 0x5b;
const CLOSE = 0x5d;

interface ParsedFrame {
  header: WatchFrameHeader;
  /** Everything after the length field, unescaped, without the closing `]`. */
  content: Buffer;
  type: string;
  body: string;
}

/**
 * Decodes one watch frame (as the splitter hands it out: escapes still in). Never throws: a frame
 * that cannot be read is `{ error }`.
 *
 * - `LK` heartbeat (battery from `LK,steps,rolls,battery`), answered at once;
 * - `AL…` alarm, answered `AL` once committed; decoded whatever its body looks like (a position
 *   is only a bonus), meaning from every bit of the status;
 * - `UD…` and `WT` location, no answer;
 * - anything else well-formed is `other`; `INIT`, `TKQ` and `TKQ2` are answered at once (the
 *   watch keeps asking until they are), other types are not: this system does not act on them,
 *   and answering a voice or picture chunk would tell the watch it was stored.
 */
export function decodeWatchFrame(frame: Buffer): DecodeResult {
  const parsed = parseFrame(unescapeWatchBinary(frame));
  if ('error' in parsed) return parsed;
  const { header, content, type, body } = parsed;
  const kind = type.toUpperCase();

  const decoded = (message: DeviceMessage, answer?: { content: string; timing: AnswerTiming }): DecodedFrame => {
    const addressing: DeviceAddressing = header.index === undefined ? { maker: header.maker } : { maker: header.maker, index: header.index };
    const result: DecodedFrame = { deviceId: header.deviceId, message, content, addressing };
    if (answer) result.answer = { bytes: formatWatchFrame(header, answer.content), timing: answer.timing };
    return result;
  };

  if (kind === 'LK') {
    return decoded({ kind: 'heartbeat', report: heartbeatReport(body) }, { content: 'LK', timing: 'now' });
  }
  if (kind.startsWith('AL')) {
    const { report, status } = decodeLocationBody(bodyFields(body));
    const { meaning, flags } = decodeAlarmStatus(status === undefined ? undefined : watchStatusWord(status));
    return decoded({ kind: 'alarm', meaning, flags, rawStatus: status ?? '', report }, { content: 'AL', timing: 'after-commit' });
  }
  if (kind.startsWith('UD') || kind === 'WT') {
    const fields = bodyFields(body);
    if (!hasFullLocationBody(fields)) return { error: `watch ${type} frame has ${fields.length} fields, too few for a location` };
    return decoded({ kind: 'location', report: decodeLocationBody(fields).report });
  }
  if (kind === 'INIT') return decoded({ kind: 'other', type }, { content: 'INIT,1', timing: 'now' });
  if (kind === 'TKQ' || kind === 'TKQ2') return decoded({ kind: 'other', type }, { content: type, timing: 'now' });
  return decoded({ kind: 'other', type });
}

/** `LK` alone, or `LK,steps,rolls,battery`; a shorter list (`LK,0,100`) is ambiguous and says nothing. */
function heartbeatReport(body: string): DeviceReport {
  const fields = bodyFields(body);
  const battery = fields.length >= 3 ? percent(fields[2]) : undefined;
  return battery === undefined ? {} : { batteryPct: battery };
}

/**
 * `[MM*ID*LLLL*content]`, or `[MM*ID*IIII*LLLL*content]` when two 4-hex fields follow the id
 * (the ZJ index, recognised by shape whatever the maker). A missing closing `]` is tolerated:
 * the splitter hands on a frame cut short by the next header, and its alarm still counts.
 */
function parseFrame(frame: Buffer): ParsedFrame | { error: string } {
  if (frame.length < 2 || frame[0] !== OPEN) return { error: 'watch frame does not start with [' };
  const end = frame[frame.length - 1] === CLOSE ? frame.length - 1 : frame.length;
  // latin1 maps one byte to one character, so string offsets are byte offsets.
  const text = frame.toString('latin1', 1, end);

  const makerEnd = text.indexOf('*');
  const maker = text.slice(0, makerEnd);
  if (makerEnd !== 2 || !isWatchMaker(maker)) return { error: 'watch frame without a 2-character maker' };
  const idEnd = text.indexOf('*', makerEnd + 1);
  const deviceId = text.slice(makerEnd + 1, idEnd);
  if (idEnd < 0 || !isWatchDeviceId(deviceId)) return { error: 'watch frame without a valid device id' };
  const thirdEnd = text.indexOf('*', idEnd + 1);
  if (thirdEnd < 0) return { error: 'watch frame without a length field' };
  const third = text.slice(idEnd + 1, thirdEnd);
  const fourthEnd = text.indexOf('*', thirdEnd + 1);
  const hasIndex = isHex4(third) && fourthEnd === thirdEnd + 5 && isHex4(text.slice(thirdEnd + 1, fourthEnd));
  const lengthEnd = hasIndex ? fourthEnd : thirdEnd;
  const lengthField = hasIndex ? text.slice(thirdEnd + 1, fourthEnd) : third;
  if (!LENGTH_FIELD.test(lengthField)) return { error: 'watch frame with a malformed length field' };

  const content = frame.subarray(1 + lengthEnd + 1, end);
  const contentText = content.toString('utf8');
  const comma = contentText.indexOf(',');
  const type = comma < 0 ? contentText : contentText.slice(0, comma);
  if (!TYPE.test(type)) return { error: 'watch frame without a message type' };
  const header: WatchFrameHeader = hasIndex ? { maker, deviceId, index: third } : { maker, deviceId };
  return { header, content: Buffer.from(content), type, body: comma < 0 ? '' : contentText.slice(comma + 1) };
}
