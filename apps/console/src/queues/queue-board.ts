import { Queue } from '@app/contracts';
import { QueueProducer } from '@app/queues';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokens, bearerToken } from '../auth/access-tokens';
import { BOARD_PATH, BoardSession } from './board-session';

const REFUSAL = {
  401: { statusCode: 401, error: 'Unauthorized', message: 'open a dashboard session first: POST /v1/admin/queues/session' },
  403: { statusCode: 403, error: 'Forbidden', message: 'the queue dashboard is for admins only' },
} as const;

/**
 * Bull Board at /admin/queues, for admins only. Its routes live on Fastify directly, outside
 * Nest's guards, so a hook on their scope admits a request only with an admin's dashboard
 * session cookie (or an admin's Bearer token, for tools): 401 without either, 403 for anyone
 * else. The board reads the queues through the producer connection (fails fast, never blocks).
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly producer: QueueProducer,
    private readonly session: BoardSession,
    private readonly tokens: AccessTokens,
  ) {}

  onModuleInit(): void {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BOARD_PATH);
    createBullBoard({
      queues: Object.values(Queue).map((name) => new BullMQAdapter(this.producer.queue(name))),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'HeartKey queues' } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // An encapsulated scope: the hook guards the board's routes and nothing else.
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.admit(request, reply));
      await scope.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
    });
  }

  private async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let access = await this.session.access(request.headers.cookie);
    if (access === 'none') {
      const user = await this.tokens.verify(bearerToken(request.headers.authorization));
      if (user) access = user.role === 'admin' ? 'admin' : 'not-admin';
    }
    if (access === 'admin') return;
    const status = access === 'none' ? 401 : 403;
    await reply.code(status).header('cache-control', 'no-store').send(REFUSAL[status]);
  }
}
