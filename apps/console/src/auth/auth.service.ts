import { type AuthUser, decoyPasswordHash, verifyPassword } from '@app/auth';
import type { ChangePasswordRequest, LoginRequest } from '@app/contracts';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens';
import { LoginThrottle } from './login-throttle';
import { Sessions } from './sessions';

export interface LoginResult {
  accessToken: string;
  user: Pick<AuthUser, 'id' | 'username' | 'role'>;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly sessions: Sessions,
  ) {}

  async login(request: LoginRequest, address: string): Promise<LoginResult> {
    const found = await this.throttle.attempt(address, request.username, async () => {
      const credentials = await this.users.findCredentials(request.username);
      // An unknown username still costs one argon2 verification, so timing does not reveal which usernames exist.
      const valid = await verifyPassword(credentials?.passwordHash ?? (await decoyPasswordHash()), request.password);
      if (!credentials || !valid) throw new UnauthorizedException('wrong username or password');
      return credentials;
    });
    const user: AuthUser = {
      id: found.id,
      username: found.username,
      role: found.role,
      ...(found.responderId ? { responderId: found.responderId } : {}),
    };
    return this.session(user, found.tokenVersion);
  }

  /** A password change proves the current password: guessing it is throttled like a login, on the same counts. */
  async changePassword(user: AuthUser, request: ChangePasswordRequest, address: string): Promise<void> {
    await this.throttle.attempt(address, user.username, () => this.sessions.changePassword(user.id, request.currentPassword, request.newPassword));
  }

  /** Renews the token of a user the access guard has just verified (so its version is current). */
  async refresh(user: AuthUser): Promise<LoginResult> {
    const found = await this.users.findCredentials(user.username);
    if (!found || found.id !== user.id) throw new UnauthorizedException('session ended');
    return this.session(user, found.tokenVersion);
  }

  private async session(user: AuthUser, tokenVersion: number): Promise<LoginResult> {
    return {
      accessToken: await this.tokens.issue(user, tokenVersion),
      user: { id: user.id, username: user.username, role: user.role },
    };
  }
}
