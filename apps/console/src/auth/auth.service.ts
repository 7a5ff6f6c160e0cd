import { type AuthUser, decoyPasswordHash, verifyPassword } from '@app/auth';
import type { LoginRequest } from '@app/contracts';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens';
import { LoginThrottle } from './login-throttle';

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
  ) {}

  async login(request: LoginRequest, address: string): Promise<LoginResult> {
    await this.throttle.admit(address, request.username);
    const found = await this.users.findCredentials(request.username);
    // An unknown username still costs one argon2 verification, so timing does not reveal which usernames exist.
    const valid = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), request.password);
    if (!found || !valid) {
      await this.throttle.failed(request.username);
      throw new UnauthorizedException('wrong username or password');
    }
    await this.throttle.succeeded(request.username);
    const user: AuthUser = {
      id: found.id,
      username: found.username,
      role: found.role,
      ...(found.responderId ? { responderId: found.responderId } : {}),
    };
    return this.session(user, found.tokenVersion);
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
