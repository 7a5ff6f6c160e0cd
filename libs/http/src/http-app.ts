import { type AppConfig, CONFIG_ERROR_EXIT_CODE, ConfigError, loadConfig, openApiEnabled } from '@app/config';
import { errorMessage, errorStack } from '@app/errors';
import { DynamicModule, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setPriority } from 'node:os';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppLogger, logRequests } from '@app/observability';
import { AcceptHandles } from './accept-handles';
import { ApiExceptionFilter, ErrorBody } from './api-exception.filter';
import { separateInternalPaths } from './internal-listener';
import { addSecurityHeaders } from './security-headers';
import { capConnections, LISTEN_BACKLOG, serverTimeouts } from './server-limits';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Largest accepted request body; larger ones get 413. */
  bodyLimit: number;
  /** Keep the raw body (handset signatures are computed over it). */
  rawBody?: boolean;
  onUnexpected?: (exception: unknown) => ErrorBody & { headers?: Record<string, string> };
  /** The process's port for /metrics and /docs when METRICS_HOST moves them off the public port. */
  internalPort: number;
}

/** API answers carry medical data and tokens: no browser or proxy cache may keep a copy. */
const API_PATH = /^\/v1(\/|\?|$)/;

/** Builds a Fastify-backed Nest app the same way for every HTTP process. It is not listening yet. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, config: AppConfig, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    // Client addresses (login throttling, audit) come from X-Forwarded-For only when it was set
    // by one of these proxies; an empty list trusts nobody.
    trustProxy: config.TRUST_PROXY.length ? config.TRUST_PROXY : false,
    ...serverTimeouts(config),
    // Deeply nested JSON is refused by the parser rather than walked.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    rawBody: options.rawBody ?? false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  logRequests(fastify, logger.pino);
  capConnections(app.getHttpServer(), config);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (API_PATH.test(request.url)) void reply.header('cache-control', 'no-store');
    done();
  });
  separateInternalPaths(app, config, options.internalPort);
  addSecurityHeaders(fastify);
  app.useGlobalFilters(new ApiExceptionFilter(options.onUnexpected));
  app.enableShutdownHooks();
  if (openApiEnabled(config)) serveOpenApi(app, options);
  return app;
}

function serveOpenApi(app: NestFastifyApplication, options: HttpAppOptions): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/**
 * Listens, then gives the server LISTEN_HANDLES accept handles (accept-handles.ts). The extra
 * handles stop accepting before the server does (Fastify's preClose), and the app is closed only
 * once the connections they took have ended too, as the server's own have (onClose runs after
 * the server has closed). The hooks go in before `app.listen`, which makes Fastify ready.
 */
async function listen(app: NestFastifyApplication, config: AppConfig, port: number, name: string): Promise<void> {
  const logger = new NestLogger(name);
  const fastify = app.getHttpAdapter().getInstance();
  // The handles exist once the server listens; the hooks that close them must be in before.
  const extra: { handles?: AcceptHandles; drained?: Promise<void> } = {};
  fastify.addHook('preClose', (done) => {
    extra.drained = extra.handles?.close();
    done();
  });
  fastify.addHook('onClose', async () => {
    await extra.drained;
  });
  await app.listen({ port, host: config.HOST, backlog: LISTEN_BACKLOG });
  const handles = await AcceptHandles.add(app.getHttpServer(), {
    handles: config.LISTEN_HANDLES,
    backlog: LISTEN_BACKLOG,
    warn: (message) => logger.warn(message),
  });
  extra.handles = handles;
  logger.log(`listening on ${await app.getUrl()}${handles.count ? ` (${handles.count + 1} accept handles)` : ''}`);
}

/**
 * Last line of defence: a stray rejected promise is logged, not allowed to take down a
 * process that holds alarms in flight. Uncaught exceptions still end the process (its state
 * is unknown), and the supervisor restarts it.
 */
export function installProcessGuards(name: string): void {
  const logger = new NestLogger(name);
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection: ${errorStack(reason)}`);
  });
}

/**
 * Lowers the scheduling priority of the calling thread, the one that runs JavaScript (on Linux a
 * priority is per thread; helper threads started later inherit it). Lowering needs no
 * privilege; where it is refused anyway the process runs on at its priority, with a warning.
 */
function runNicer(name: string, niceness: number): void {
  if (niceness <= 0) return;
  try {
    setPriority(niceness);
  } catch (error) {
    new NestLogger(name).warn(`could not lower the process priority by ${niceness}: ${errorMessage(error)}`);
  }
}

/**
 * The whole `main.ts` of an HTTP process: guards, validated config, app, listen. A bad
 * configuration or a failed start ends the process with one readable line (the list of
 * problems, for a configuration), and a bad configuration with CONFIG_ERROR_EXIT_CODE.
 */
export function runProcess(
  name: string,
  create: (config: AppConfig) => Promise<NestFastifyApplication>,
  port: (config: AppConfig) => number,
  niceness?: (config: AppConfig) => number,
): void {
  const start = async (): Promise<void> => {
    installProcessGuards(name);
    const config = loadConfig();
    if (niceness) runNicer(name, niceness(config));
    const app = await create(config);
    await listen(app, config, port(config), name);
  };
  start().catch((error: unknown) => {
    console.error(`${name}: ${errorMessage(error)}`);
    process.exit(error instanceof ConfigError ? CONFIG_ERROR_EXIT_CODE : 1);
  });
}
