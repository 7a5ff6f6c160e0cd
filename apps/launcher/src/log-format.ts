/**
 * Turns the apps' pino JSON lines into one readable line each, prefixed with the app's name,
 * for the terminal of `npm start`. Anything that is not a pino line passes through unchanged.
 */

const LEVELS: Record<number, { label: string; color: number }> = {
  10: { label: 'TRACE', color: 90 },
  20: { label: 'DEBUG', color: 36 },
  30: { label: 'INFO ', color: 32 },
  40: { label: 'WARN ', color: 33 },
  50: { label: 'ERROR', color: 31 },
  60: { label: 'FATAL', color: 35 },
};

export interface FormatOptions {
  color: boolean;
  /** Width the app names are padded to, so the messages line up. */
  nameWidth: number;
}

interface PinoLine {
  level: number;
  time?: number;
  msg?: string;
  context?: string;
  req?: { method?: string; url?: string; device?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { type?: string; message?: string; stack?: string };
}

// Fields that are shown in the line itself, or that say nothing to a person watching.
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'context', 'req', 'res', 'responseTime', 'err']);

function parse(line: string): PinoLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && typeof (value as PinoLine).level === 'number' ? (value as PinoLine) : undefined;
  } catch {
    return undefined;
  }
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function clock(time: number | undefined): string {
  return new Date(time ?? Date.now()).toISOString().slice(11, 23);
}

function extras(entry: PinoLine): string {
  const rest = Object.entries(entry).filter(([key]) => !SHOWN.has(key));
  return rest.length ? ` ${rest.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : '';
}

/** Nest's start-up inventory (every module and route, on every start): worth seeing only when debugging. */
const START_UP_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Whether a line is Nest's start-up inventory at info level, which `npm start` leaves out unless LOG_LEVEL is debug. */
export function isStartUpChatter(line: string): boolean {
  const entry = parse(line);
  return entry !== undefined && entry.level === 30 && START_UP_CHATTER.has(entry.context ?? '');
}

/** Formats one line of a child's output; may return several lines (an error's stack). */
export function formatLogLine(app: string, line: string, options: FormatOptions): string {
  const prefix = paint(options.color, 1, `${app.padEnd(options.nameWidth)} │`);
  const entry = parse(line);
  if (!entry) return `${prefix} ${line}`;
  const level = LEVELS[entry.level] ?? { label: String(entry.level).padEnd(5), color: 0 };
  const context = entry.context ? `${paint(options.color, 33, `[${entry.context}]`)} ` : '';
  let message = entry.msg ?? '';
  if (entry.req && entry.res) {
    // An HTTP request log: the request and its answer say more than "request completed".
    const device = entry.req.device ? ` device=${entry.req.device}` : '';
    const took = entry.responseTime === undefined ? '' : ` ${Math.round(entry.responseTime)} ms`;
    message = `${entry.req.method ?? ''} ${entry.req.url ?? ''} → ${entry.res.statusCode ?? '?'}${took}${device}`;
  }
  const head = `${prefix} ${paint(options.color, 90, clock(entry.time))} ${paint(options.color, level.color, level.label)} ${context}${message}${extras(entry)}`;
  const err = entry.err;
  if (!err) return head;
  const detail = err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`;
  return [head, ...detail.split('\n').map((l) => `${prefix}     ${l}`)].join('\n');
}
