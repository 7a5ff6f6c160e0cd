import { hashPassword } from '@app/auth';
import type { CreateUserRequest, UpdateUserRequest, UserView } from '@app/contracts';
import { isUniqueViolation } from '@app/database';
import { conflictWith } from '@app/http';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Sessions } from '../auth/sessions';
import { RespondersRepository } from '../responders/responders.repository';
import { USERNAME_CONSTRAINT, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly responders: RespondersRepository,
    private readonly sessions: Sessions,
  ) {}

  async create(request: CreateUserRequest): Promise<UserView> {
    await this.checkResponderLink(request);
    try {
      return await this.users.create({
        username: request.username,
        passwordHash: await hashPassword(request.password),
        role: request.role,
        ...(request.responderId ? { responderId: request.responderId } : {}),
        ...(request.districts ? { districts: request.districts } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error, USERNAME_CONSTRAINT)) throw conflictWith('username_taken', `username "${request.username}" is taken`);
      throw error;
    }
  }

  /**
   * Another role, districts, disabled or enabled. Disabling or changing the role ends every
   * session of the user at once (tokens and sockets); changing its districts closes its sockets
   * (they reconnect scoped anew); no change may leave no enabled admin (409).
   */
  async update(id: string, request: UpdateUserRequest): Promise<UserView> {
    const result = await this.users.change(id, request);
    switch (result.outcome) {
      case 'not_found':
        throw new NotFoundException(`no user ${id}`);
      case 'last_admin':
        throw conflictWith('last_admin', 'this would leave no enabled admin');
      case 'responder_link':
        throw new BadRequestException(
          `role: a ${result.from} account cannot become a ${result.to} one (a responder account is linked to its responder); create a new user instead`,
        );
      case 'changed':
        // Other districts: its sockets reconnect (same token) and join the rooms of the districts it has now.
        if (result.sessionsEnded || request.districts !== undefined) await this.sessions.closeSockets(id);
        return result.user;
    }
  }

  async revokeSessions(id: string): Promise<void> {
    if (!(await this.sessions.revokeAll(id))) throw new NotFoundException(`no user ${id}`);
  }

  async resetPassword(id: string, password: string): Promise<void> {
    if (!(await this.sessions.resetPassword(id, password))) throw new NotFoundException(`no user ${id}`);
  }

  /** A responder account speaks for exactly one responder; other roles speak for none. */
  private async checkResponderLink(request: CreateUserRequest): Promise<void> {
    if (request.role !== 'responder') {
      if (request.responderId) throw new BadRequestException('responderId: only a responder user is linked to a responder');
      return;
    }
    if (!request.responderId) throw new BadRequestException('responderId: a responder user needs one');
    const found = await this.responders.activeRoles([request.responderId]);
    if (!found.has(request.responderId)) throw new BadRequestException(`responderId: no responder ${request.responderId}`);
  }
}
