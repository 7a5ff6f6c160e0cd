import { type AuthUser, decoyPasswordHash, verifyPassword } from '@app/auth';
import type { ChangePasswordRequest, LoginRequest } from '@app/contracts';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { type UserCredentials, UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens';
import { LoginThrottle } from './login-throttle';
import { Sessions } from './sessions';

export interface LoginResult {
  accessToken: string;
  user: Pick<AuthUser, 'id' | 'username' | 'role'>;
}

/** One answer for every refused login: a wrong password, an unknown username and a disabled account look alike. */
const WRONG_CREDENTIALS = 'wrong username or password';

/** A login refused inside the throttle, with what the audit needs to say about it. */
class RefusedLogin extends UnauthorizedException {
  constructor(readonly found: UserCredentials | undefined) {
    super(WRONG_CREDENTIALS);
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly sessions: Sessions,
    private readonly audit: AuditLog,
  ) {}

  async login(request: LoginRequest, address: string): Promise<LoginResult> {
    let found: UserCredentials;
    try {
      found = await this.throttle.attempt(address, request.username, async () => {
        const credentials = await this.users.findCredentials(request.username);
        // An unknown username still costs one argon2 verification, so timing does not reveal which usernames exist.
        const valid = await verifyPassword(credentials?.passwordHash ?? (await decoyPasswordHash()), request.password);
        if (!credentials || !valid || credentials.disabled) throw new RefusedLogin(credentials);
        return credentials;
      });
    } catch (error) {
      if (error instanceof RefusedLogin) await this.recordLogin('auth.login_failed', request.username, error.found, address);
      throw error;
    }
    const user: AuthUser = { id: found.id, username: found.username, role: found.role, ...(found.responderId ? { responderId: found.responderId } : {}) };
    await this.recordLogin('auth.login', request.username, found, address);
    return { accessToken: await this.tokens.issue(user, found.tokenVersion), user: publicUser(user) };
  }

  /** A password change proves the current password: guessing it is throttled like a login, on the same counts. */
  async changePassword(user: AuthUser, request: ChangePasswordRequest, address: string): Promise<void> {
    await this.throttle.attempt(address, user.username, () => this.sessions.changePassword(user.id, request.currentPassword, request.newPassword));
  }

  /**
   * Renews the token of a user the access guard has just verified (so its version is current
   * and the user enabled), within the session's absolute lifetime.
   */
  async refresh(user: AuthUser, token: string): Promise<LoginResult> {
    const found = await this.users.findCredentials(user.username);
    if (!found || found.id !== user.id || found.disabled) throw new UnauthorizedException('session ended');
    return { accessToken: await this.tokens.renew(user, found.tokenVersion, token), user: publicUser(user) };
  }

  /**
   * Who logged in, or tried to, from where. A failed attempt names the account it was made
   * for when there is one; otherwise the username as typed (never the password).
   */
  private recordLogin(action: 'auth.login' | 'auth.login_failed', typed: string, found: UserCredentials | undefined, address: string): Promise<void> {
    return this.audit.record({
      actor: found ? { id: found.id, username: found.username, role: found.role } : { username: typed, role: 'unknown' },
      action,
      entityType: 'user',
      ...(found ? { entityId: found.id } : {}),
      address,
      ...(action === 'auth.login_failed' && found?.disabled ? { details: { disabled: true } } : {}),
    });
  }
}

function publicUser(user: AuthUser): LoginResult['user'] {
  return { id: user.id, username: user.username, role: user.role };
}
