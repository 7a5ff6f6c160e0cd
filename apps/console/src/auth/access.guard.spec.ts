import type { AuthUser } from '@app/auth';
import { Controller, ExecutionContext, ForbiddenException, Get, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import type { AccessTokens } from './access-tokens';
import { bearerToken } from './access-tokens';
import { Public, Roles } from '../common/auth.decorators';

@Roles('admin')
@Controller()
class AdminOnly {
  @Get() list(): void {}
  @Public() @Get() open(): void {}
  @Roles('admin', 'operator') @Get() wider(): void {}
}

const operator: AuthUser = { id: 'u1', username: 'op', role: 'operator' };

/** Tokens that know one valid token, "good", held by an operator. */
const tokens = { verify: (token?: string) => Promise.resolve(token === 'good' ? operator : undefined) } as unknown as AccessTokens;

function contextFor(handler: keyof AdminOnly, url: string, authorization?: string): { context: ExecutionContext; request: { user?: AuthUser } } {
  const request = { url, headers: authorization ? { authorization } : {} } as { url: string; headers: object; user?: AuthUser };
  const context = {
    getType: () => 'http',
    getHandler: () => AdminOnly.prototype[handler],
    getClass: () => AdminOnly,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector(), tokens);

  it('lets @Public() routes and the observability paths through without a token', async () => {
    await expect(guard.canActivate(contextFor('open', '/v1/x').context)).resolves.toBe(true);
    for (const url of ['/health/ready', '/health/live', '/metrics', '/metrics?x=1']) {
      await expect(guard.canActivate(contextFor('list', url).context)).resolves.toBe(true);
    }
  });

  it('does not mistake look-alike paths for public ones', async () => {
    await expect(guard.canActivate(contextFor('list', '/healthy').context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('list', '/metrics-export').context)).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('401 without a valid bearer token', async () => {
    await expect(guard.canActivate(contextFor('list', '/v1/x').context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('list', '/v1/x', 'Bearer bad').context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(contextFor('list', '/v1/x', 'Basic good').context)).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('403 for a role the route does not admit; a method-level @Roles() overrides the controller', async () => {
    await expect(guard.canActivate(contextFor('list', '/v1/x', 'Bearer good').context)).rejects.toBeInstanceOf(ForbiddenException);
    const { context, request } = contextFor('wider', '/v1/x', 'Bearer good');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.user).toEqual(operator);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def', 'abc.def'],
    ['bearer abc', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
