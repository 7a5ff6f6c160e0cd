import type { AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serverTimeouts } from './server-limits';

/** Paths for operators of the system, not for its users: moved off the public port with METRICS_HOST. */
const INTERNAL_PATH = /^\/(metrics|docs)(\/|\?|$)/;

const listeners = new WeakMap<NestFastifyApplication, Server>();

/**
 * With METRICS_HOST set, /metrics and /docs are answered only by a second listener on that
 * address (an internal interface the load balancer does not expose), and 404 on the public
 * port; every other path is 404 on the internal one. Both listeners run the same Fastify app.
 *
 * A failure to bind the internal listener is logged, not fatal: the public port carries alarms,
 * and losing metrics must not stop them.
 */
export function separateInternalPaths(app: NestFastifyApplication, config: AppConfig, port: number): void {
  const host = config.METRICS_HOST;
  if (!host) return;
  const fastify = app.getHttpAdapter().getInstance();
  const internalRequests = new WeakSet<IncomingMessage>();
  fastify.addHook('onRequest', async (request, reply) => {
    if (internalRequests.has(request.raw) !== INTERNAL_PATH.test(request.url)) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: 'not found' });
    }
  });
  const limits = serverTimeouts(config);
  const server = createServer({ ...limits.http, requestTimeout: limits.requestTimeout }, (req, res) => {
    internalRequests.add(req);
    fastify.routing(req, res);
  });
  fastify.addHook('onListen', async () => {
    await new Promise<void>((resolve) => {
      server.once('error', (error) => {
        new Logger('HTTP').error(`internal listener on ${host}:${port} not started: ${errorMessage(error)}`);
        resolve();
      });
      server.listen(port, host, () => resolve());
    });
    listeners.set(app, server);
  });
  fastify.addHook('onClose', async () => {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

/** Where the internal listener of an app listens (tests, logs), once the app listens. */
export function internalListenerUrl(app: NestFastifyApplication): string | undefined {
  const address = listeners.get(app)?.address();
  if (!address || typeof address !== 'object') return undefined;
  const { address: host, port } = address as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
