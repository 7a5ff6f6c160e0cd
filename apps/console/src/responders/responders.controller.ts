import { CONSOLE_ROLES, type Responder, type ResponderInput, RESPONDER_ROLES, responderInputSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../common/auth.decorators';
import { RespondersRepository } from './responders.repository';

const listRespondersQuerySchema = z.strictObject({ role: z.enum(RESPONDER_ROLES).optional() });

@ApiTags('responders')
@ApiBearerAuth()
@Controller('v1/responders')
export class RespondersController {
  constructor(private readonly responders: RespondersRepository) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  create(@Body(new ZodPipe(responderInputSchema)) body: ResponderInput): Promise<Responder> {
    return this.responders.create(body);
  }

  @Get()
  @Roles(...CONSOLE_ROLES)
  list(@Query(new ZodPipe(listRespondersQuerySchema)) query: z.infer<typeof listRespondersQuerySchema>): Promise<Responder[]> {
    return this.responders.listActive(query.role);
  }
}
