import type { Role, UpdateUserRequest, UserView } from '@app/contracts';

/** Districts typed as one line: separated by commas (ASCII or Chinese) or 、, trimmed, each once. */
export function parseDistricts(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,，、]/)) {
    const district = part.trim();
    if (district) seen.add(district);
  }
  return [...seen];
}

export function formatDistricts(districts: readonly string[]): string {
  return districts.join(', ');
}

/**
 * Whether `user` is the only enabled admin: the server refuses (409) to disable it or give it
 * another role, so the page does not offer to.
 */
export function isLastEnabledAdmin(users: readonly UserView[], user: UserView): boolean {
  if (user.role !== 'admin' || user.disabled) return false;
  return !users.some((u) => u.id !== user.id && u.role === 'admin' && !u.disabled);
}

/** What the role and districts edit changes (nothing: undefined); the role only when it is another one. */
export function roleAndDistrictsChange(user: UserView, role: Role, districtsText: string): UpdateUserRequest | undefined {
  const districts = parseDistricts(districtsText);
  const change: UpdateUserRequest = {
    ...(role !== user.role ? { role } : {}),
    ...(formatDistricts(districts) !== formatDistricts(user.districts) ? { districts } : {}),
  };
  return Object.keys(change).length ? change : undefined;
}

/**
 * The roles `user` may be given: a responder account stays linked to its responder, and no
 * other account becomes one (the server refuses both).
 */
export function rolesFor(user: UserView, roles: readonly Role[]): Role[] {
  return user.role === 'responder' ? ['responder'] : roles.filter((r) => r !== 'responder');
}
