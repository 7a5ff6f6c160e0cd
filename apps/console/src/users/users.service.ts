import { hashPassword } from '@app/auth';
import type { CreateUserRequest, UserView } from '@app/contracts';
import { isUniqueViolation } from '@app/database';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { RespondersRepository } from '../responders/responders.repository';
import { USERNAME_CONSTRAINT, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly responders: RespondersRepository,
  ) {}

  async create(request: CreateUserRequest): Promise<UserView> {
    await this.checkResponderLink(request);
    try {
      return await this.users.create({
        username: request.username,
        passwordHash: await hashPassword(request.password),
        role: request.role,
        ...(request.responderId ? { responderId: request.responderId } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error, USERNAME_CONSTRAINT)) throw new ConflictException(`username "${request.username}" is taken`);
      throw error;
    }
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
