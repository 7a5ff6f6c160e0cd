import { ALARM_TYPES, type AlarmType } from '@app/contracts';
import { Metrics } from '@app/observability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';

export const ALARMS_ROUTE = '/v1/alarms';

export type AlarmResult = 'accepted' | 'duplicate' | 'refused';

/** The result a handset got, from the status it was answered with. */
export function alarmResultOf(statusCode: number): AlarmResult {
  if (statusCode === 202) return 'accepted';
  if (statusCode === 200) return 'duplicate';
  return 'refused';
}

/** The type label of an answered request; anything that is not a known type (unparsed, invalid) is `unknown`. */
export function alarmTypeLabel(body: unknown): AlarmType | 'unknown' {
  const type = (body as { type?: unknown } | null | undefined)?.type;
  return (ALARM_TYPES as readonly unknown[]).includes(type) ? (type as AlarmType) : 'unknown';
}

/**
 * `heartkey_alarms_total{type,result}` of the HTTP alarms route (the store time is the
 * intake's). Results are counted from the answers themselves, so a refusal by Fastify (bad
 * JSON, 413, 415) or by the signature check is counted as surely as an accepted press.
 */
@Injectable()
export class AlarmMetrics implements OnModuleInit {
  readonly answered: Counter<string>;

  constructor(
    metrics: Metrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.answered = metrics.counter('heartkey_alarms_total', 'Alarm requests answered, by alarm type and result', ['type', 'result']);
  }

  onModuleInit(): void {
    // Routes take their hooks when Fastify gets ready, which is after module init.
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (request.method === 'POST' && request.routeOptions.url === ALARMS_ROUTE) {
        this.answered.inc({ type: alarmTypeLabel(request.body), result: alarmResultOf(reply.statusCode) });
      }
      done();
    });
  }
}
