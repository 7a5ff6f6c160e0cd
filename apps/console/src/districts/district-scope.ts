import type { AuthUser } from '@app/auth';
import type { IncidentView } from '@app/contracts';
import { type DistrictFilter, districtInScope, EVERY_DISTRICT } from '@app/database';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../common/auth.decorators';

/**
 * The one place that decides which districts a console user sees: an admin, or a user without
 * districts, sees every district; an operator or supervisor only its own. Every REST read and the
 * socket take their filter from here, and hand it to the SQL (residentInScopeSql /
 * incidentInScopeSql, @app/database). docs/districts.md says how a new endpoint uses it.
 */
export function districtScopeOf(user: Pick<AuthUser, 'role' | 'districts'>): DistrictFilter {
  if (user.role === 'admin' || !user.districts?.length) return EVERY_DISTRICT;
  return { all: false, districts: user.districts };
}

/** The district filter of the request's user: `@Scope() scope: DistrictFilter`. */
export const Scope = createParamDecorator((_data: unknown, context: ExecutionContext): DistrictFilter => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('Scope used on a route the access guard did not authenticate');
  return districtScopeOf(user);
});

/**
 * A view as this reader is shown it: `shownBecause` (why an incident outside the reader's
 * districts reaches it) only for a reader the incident is outside of.
 */
export function viewFor<V extends Pick<IncidentView, 'resident' | 'shownBecause'>>(scope: DistrictFilter, view: V): V {
  if (view.shownBecause === undefined || !districtInScope(scope, view.resident.district)) return view;
  const { shownBecause: _within, ...rest } = view;
  return rest as V;
}
