import { isDatabaseUnavailable } from '@app/database';
import { errorMessage, errorStack } from '@app/errors';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [extra: string]: unknown;
}

/** Turns whatever was thrown into the contract's error shape; unexpected errors never leak details. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const error = STATUS_CODES[statusCode] ?? 'Error';
    if (typeof response === 'string') return { statusCode, error, message: response };
    const r = response as Partial<ErrorBody>;
    return { ...r, statusCode, error: typeof r.error === 'string' ? r.error : error, message: r.message ?? error };
  }
  // Errors raised by Fastify itself (body parsing, size limit, content type) carry a statusCode.
  const e = exception as { statusCode?: number; message?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { statusCode: e.statusCode, error: STATUS_CODES[e.statusCode] ?? 'Error', message: e.message ?? 'bad request' };
  }
  // Postgres "data exception" (SQLSTATE class 22): a value the database cannot take. Validation
  // should have refused it first; if it slipped through, it is still the client's input, not a crash.
  const code =
    (exception as { code?: unknown; driverError?: { code?: unknown } })?.code ?? (exception as { driverError?: { code?: unknown } })?.driverError?.code;
  if (typeof code === 'string' && code.startsWith('22')) {
    return { statusCode: 400, error: 'Bad Request', message: 'a value could not be accepted' };
  }
  // Postgres unreachable (an outage, a failover, a restart): the request may well succeed in a
  // moment, so the client is told to retry (503 + Retry-After), not that something broke (500).
  if (isDatabaseUnavailable(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable, try again shortly' };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
}

/** How long a client waits before retrying a request refused because the database was away. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * The default filter of every HTTP app. `onUnexpected` lets an app decide what an unexpected
 * failure means for its clients (ingest answers 503 so that handsets retry).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly onUnexpected?: (exception: unknown) => ErrorBody & { headers?: Record<string, string> }) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let body = toErrorBody(exception);
    let headers: Record<string, string> = {};
    if (body.statusCode === 503 && !(exception instanceof HttpException)) {
      // The database is away: expected during an outage, one line each, no stack.
      this.logger.warn(`answered 503, the database is unavailable: ${errorMessage(exception)}`);
      headers['Retry-After'] = String(DATABASE_RETRY_AFTER_S);
    } else if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(errorStack(exception));
      if (this.onUnexpected) {
        const mapped = this.onUnexpected(exception);
        headers = mapped.headers ?? {};
        const { headers: _ignored, ...rest } = mapped;
        body = rest;
      }
    }
    const retryAfter = (exception as { getResponse?: () => unknown })?.getResponse?.() as { retryAfter?: number } | undefined;
    if (retryAfter?.retryAfter) headers['Retry-After'] = String(retryAfter.retryAfter);
    void reply.status(body.statusCode).headers(headers).send(body);
  }
}
