import type { Role } from '@app/contracts';
import type { AuthUser } from '@app/auth';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'heartkey:public';
export const ROLES_KEY = 'heartkey:roles';

/** The route needs no access token (login). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others); on a controller it covers every route. */
export const Roles = (...roles: readonly Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The request carries the user the access guard authenticated. */
export interface AuthenticatedRequest {
  user?: AuthUser;
}

/** The authenticated user of the request; the guard guarantees one on every non-public route. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route the access guard did not authenticate');
  return user;
});
