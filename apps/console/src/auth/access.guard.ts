import type { Role } from '@app/contracts';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokens, bearerToken } from './access-tokens';
import { type AuthenticatedRequest, IS_PUBLIC, ROLES_KEY } from '../common/auth.decorators';

/**
 * Probes and scrapes come from the observability lib's controllers, which know nothing of
 * our decorators; they are public by path. (/docs is served by Fastify directly, outside Nest's guards.)
 */
const PUBLIC_PATH = /^\/(health|metrics)(\/|$|\?)/;

/** Global: every route needs a valid access token unless it is @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { url: string; headers: Record<string, string | string[] | undefined> }>();
    if (PUBLIC_PATH.test(request.url)) return true;

    const user = await this.tokens.verify(bearerToken(request.headers.authorization));
    if (!user) throw new UnauthorizedException('a valid access token is required');
    request.user = user;

    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw new ForbiddenException(`the ${user.role} role may not do this`);
    return true;
  }
}
