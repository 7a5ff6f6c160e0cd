import { formatLogLine, isStartUpChatter } from './log-format';

const plain = { color: false, nameWidth: 10 };

describe('formatLogLine', () => {
  it('makes a pino line readable, with the app name, time, level and context', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 10, 28, 8, 0, 1, 234),
      pid: 7,
      service: 'ingest',
      context: 'NestApplication',
      msg: 'started',
    });
    expect(formatLogLine('ingest', line, plain)).toBe('ingest     │ 08:00:01.234 INFO  [NestApplication] started');
  });

  it('shows an HTTP request log as method, url, status and duration', () => {
    const line = JSON.stringify({
      level: 30,
      time: 0,
      msg: 'request completed',
      req: { id: 1, method: 'POST', url: '/v1/alarms', device: 'HK-DEMO-0001' },
      res: { statusCode: 202 },
      responseTime: 12.4,
    });
    expect(formatLogLine('ingest', line, plain)).toBe('ingest     │ 00:00:00.000 INFO  POST /v1/alarms → 202 12 ms device=HK-DEMO-0001');
  });

  it('keeps fields it does not know and prints an error stack on the following lines', () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'job failed',
      jobId: 'x1',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (a.ts:1)' },
    });
    expect(formatLogLine('dispatcher', line, plain).split('\n')).toEqual([
      'dispatcher │ 00:00:00.000 ERROR job failed jobId=x1',
      'dispatcher │     Error: boom',
      'dispatcher │         at f (a.ts:1)',
    ]);
  });

  it('passes lines that are not pino JSON through', () => {
    expect(formatLogLine('console', 'Invalid configuration:', plain)).toBe('console    │ Invalid configuration:');
    expect(formatLogLine('console', '{not json', plain)).toBe('console    │ {not json');
  });

  it('colours only when asked', () => {
    const line = JSON.stringify({ level: 40, time: 0, msg: 'slow' });
    expect(formatLogLine('ingest', line, { color: true, nameWidth: 6 })).toContain('\u001b[33mWARN');
  });
});

describe('isStartUpChatter', () => {
  it("recognises Nest's module and route inventory at info level only", () => {
    expect(isStartUpChatter(JSON.stringify({ level: 30, context: 'RouterExplorer', msg: 'Mapped {/v1/alarms, POST} route' }))).toBe(true);
    expect(isStartUpChatter(JSON.stringify({ level: 30, context: 'InstanceLoader', msg: 'x' }))).toBe(true);
    expect(isStartUpChatter(JSON.stringify({ level: 50, context: 'RouterExplorer', msg: 'x' }))).toBe(false);
    expect(isStartUpChatter(JSON.stringify({ level: 30, context: 'NestApplication', msg: 'started' }))).toBe(false);
    expect(isStartUpChatter('plain text')).toBe(false);
  });
});
