import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's security headers on every answer. The web console sets its own
 * Content-Security-Policy on its pages; JSON answers need none, and a global one would break
 * the OpenAPI page.
 *
 * Helmet's middleware is built once, here. The @fastify/helmet plugin built it again for every
 * request (every one of helmet's header middlewares, and a closure per reply), about a twentieth
 * of what ingest allocated per press, for headers that never change.
 */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  const apply = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  fastify.addHook('onRequest', (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
