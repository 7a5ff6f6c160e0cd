import fastifyStatic from '@fastify/static';
import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findWebRoot, listBuiltFiles, WEB_BUILD_DIR } from './web-root';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { contentSecurityPolicy, isServerPath, looksLikeFile } from './spa-routes';

/**
 * Serves the built web console (apps/console-web) at `/`, with a fallback to index.html for
 * client-side routes (`/responder`, `/supervisor`, ...). When the web app was not built the
 * API runs on its own and one log line says so.
 */
@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  private readonly csp: string;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.csp = contentSecurityPolicy(config.MAP_TILE_URL);
  }

  async onModuleInit(): Promise<void> {
    const root = findWebRoot();
    if (!root) {
      this.logger.log(`web console not built (no ${WEB_BUILD_DIR}/index.html; run npm run build): serving the API only`);
      return;
    }
    const files = listBuiltFiles(root);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // serve: false: only reply.sendFile (safe path handling, ranges, ETags); routing stays here.
    await fastify.register(fastifyStatic, { root, serve: false });
    fastify.get('/*', (request, reply) => this.serve(files, request, reply));
    fastify.get('/', (request, reply) => this.serve(files, request, reply));
    this.logger.log(`web console served from ${root}`);
  }

  private serve(files: ReadonlySet<string>, request: FastifyRequest, reply: FastifyReply): FastifyReply | void {
    const path = safeDecode(request.url.split('?')[0] ?? '/');
    if (path === undefined) return reply.callNotFound();
    const file = path.replace(/^\/+/, '');
    if (file && file !== 'index.html' && files.has(file)) {
      // Vite puts a content hash in every asset name, so assets never change under their name.
      const immutable = file.startsWith('assets/');
      return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file);
    }
    if (isServerPath(path) || looksLikeFile(path)) return reply.callNotFound();
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', this.csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .sendFile('index.html');
  }
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
