import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Level, type Logger as Pino } from 'pino';
import { REDACT_PATHS } from './redaction';

/**
 * The process's pino logger: JSON lines on stdout (or `destination`), the process's name as
 * `service` on each, the fields that must never be logged redacted.
 */
export function processLogger(service: string, level: string, destination?: DestinationStream): Pino {
  const options = { level, base: { service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The process's logger: Nest's Logger calls (`new Logger('Context').log(...)`) end up here as
 * one line of processLogger each, with the context as `context` and an error as `err`.
 *
 * It takes the place of nestjs-pino on purpose. nestjs-pino runs every request inside an
 * AsyncLocalStorage so that lines logged during it carry the request; on Node 20 that turns on
 * V8's promise hooks for the whole process, and every promise of every press then pays for
 * them (ingest spent about 40 % more CPU per press: docs/capacity.md, "The logger").
 * Request lines still carry the request (see logRequests); a line logged while a request is
 * handled carries only its context.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest passes the context last (`logger.log(message, context)`); an Error or an object becomes
   * the line's fields. Nest's own exception handlers call `error(message, stack, context)`:
   * that stack is kept as the line's `err`.
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length) {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message });
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.pino[level]({ ...fields, err }, String(message));
    } else {
      this.pino[level](fields, String(message), ...rest);
    }
  }
}

/** Health probes and scrapes would drown the log. */
const QUIET_PATHS = /^\/(health|metrics)/;

/** 5xx is an error, 4xx a warning, the rest information, as pino-http grades them. */
function requestLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per answered request (`req`, `res`, `responseTime` in milliseconds, the shape the
 * launcher's terminal formats), written when the answer has gone out, from Fastify's own
 * hook: nothing runs around the handler, so no async context is needed.
 */
export function logRequests(fastify: FastifyInstance, logger: Pino): void {
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const level = requestLevel(reply.statusCode);
    if (logger.isLevelEnabled(level) && !QUIET_PATHS.test(request.url)) {
      logger[level](
        {
          req: { id: request.id, method: request.method, url: request.url, device: request.headers['x-device-id'] },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
