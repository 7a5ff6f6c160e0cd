import { Logger } from '@nestjs/common';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { AppLogger, logRequests, processLogger } from './logging';

/** A destination that keeps each JSON line pino writes. */
function lines(): { stream: Writable; read: () => Record<string, any>[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    read: () =>
      written
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('AppLogger', () => {
  it('writes a Nest log call as one line with the service, the context and the message', () => {
    const out = lines();
    new AppLogger(processLogger('ingest', 'info', out.stream)).log('listening on http://127.0.0.1:3000', 'ingest');
    const [line] = out.read();
    expect(line).toMatchObject({ level: 30, service: 'ingest', context: 'ingest', msg: 'listening on http://127.0.0.1:3000' });
    expect(typeof line!.time).toBe('number');
  });

  it('grades Nest levels as pino levels and leaves out what is below the process level', () => {
    const out = lines();
    const logger = new AppLogger(processLogger('console', 'warn', out.stream));
    logger.verbose('v', 'C');
    logger.debug('d', 'C');
    logger.log('i', 'C');
    logger.warn('w', 'C');
    logger.error('e', 'C');
    logger.fatal('f', 'C');
    expect(out.read().map((line) => [line.level, line.msg])).toEqual([
      [40, 'w'],
      [50, 'e'],
      [60, 'f'],
    ]);
  });

  it('keeps an Error as err with its stack, and the stack that Nest’s exception handlers pass', () => {
    const out = lines();
    const logger = new AppLogger(processLogger('dispatcher', 'info', out.stream));
    logger.error(new Error('worker failed'), 'Worker');
    logger.error('Unhandled', 'Error: boom\n    at handler (file.ts:1:1)', 'ExceptionsHandler');
    const [thrown, handled] = out.read();
    expect(thrown).toMatchObject({ context: 'Worker', msg: 'worker failed', err: { type: 'Error', message: 'worker failed' } });
    expect(thrown!.err.stack).toContain('logging.spec');
    expect(handled).toMatchObject({ context: 'ExceptionsHandler', msg: 'Unhandled', err: { stack: 'Error: boom\n    at handler (file.ts:1:1)' } });
  });

  it('redacts credentials and medical fields, at the top and nested', () => {
    const out = lines();
    new AppLogger(processLogger('console', 'info', out.stream)).log(
      { msg: 'resident saved', token: 't0ken', resident: { medications: ['warfarin'], name: 'Li' } },
      'Residents',
    );
    const [line] = out.read();
    expect(line).toMatchObject({ token: '[redacted]', resident: { medications: '[redacted]', name: 'Li' }, context: 'Residents' });
    expect(JSON.stringify(line)).not.toContain('warfarin');
  });

  it('is what Nest’s static Logger writes through once an app uses it', () => {
    const out = lines();
    Logger.overrideLogger(new AppLogger(processLogger('ingest', 'info', out.stream)));
    try {
      new Logger('PressIntake').warn('press refused');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(out.read()).toEqual([expect.objectContaining({ level: 40, context: 'PressIntake', msg: 'press refused' })]);
  });
});

describe('logRequests', () => {
  const out = lines();
  const app = Fastify();
  let base = '';

  beforeAll(async () => {
    logRequests(app, processLogger('ingest', 'info', out.stream));
    app.post('/v1/alarms', (_request, reply) => reply.code(202).send({ accepted: true }));
    app.get('/v1/broken', (_request, reply) => reply.code(500).send({ error: 'internal' }));
    app.get('/health/live', (_request, reply) => reply.send({ status: 'ok' }));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('writes one line per answered request with the request, the status and the time taken, graded by status', async () => {
    await fetch(`${base}/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-id': 'HK-0001', 'x-signature': 'sig', authorization: 'Bearer secret' },
      body: JSON.stringify({ eventId: 'e1' }),
    });
    await fetch(`${base}/v1/missing`);
    await fetch(`${base}/v1/broken`);
    await fetch(`${base}/health/live`);
    const requests = out.read();
    expect(requests.map((line) => [line.level, line.req.method, line.req.url, line.res.statusCode])).toEqual([
      [30, 'POST', '/v1/alarms', 202],
      [40, 'GET', '/v1/missing', 404],
      [50, 'GET', '/v1/broken', 500],
    ]);
    expect(requests[0]).toMatchObject({ service: 'ingest', msg: 'request completed', req: { device: 'HK-0001' } });
    expect(typeof requests[0]!.req.id).toBe('string');
    expect(requests[0]!.responseTime).toBeGreaterThanOrEqual(0);
    // Only the named request fields are written: no header, no body, no signature.
    expect(JSON.stringify(requests)).not.toMatch(/secret|sig"|eventId/);
  });
});
