import type { AuthUser } from '@app/auth';
import type { Dispatch, ResponderDispatch } from '@app/contracts';
import { type AnswerFacts, DispatchAnswers, DispatchesRepository, Offers, type ResponderAnswer } from '@app/incidents';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { answeringRefusals } from '../incidents/write-refusals';

/** Responders' dispatches and operators' manual offers. */
@Injectable()
export class DispatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatches: DispatchesRepository,
    private readonly answers: DispatchAnswers,
    private readonly offers: Offers,
  ) {}

  mine(user: AuthUser): Promise<ResponderDispatch[]> {
    return this.dispatches.openForResponder(this.dataSource, responderOf(user));
  }

  answer(dispatchId: string, answer: ResponderAnswer, user: AuthUser, facts: AnswerFacts = {}): Promise<Dispatch> {
    const responderId = responderOf(user);
    return answeringRefusals(() => this.answers.answer(dispatchId, answer, { userId: user.id, responderId }, facts));
  }

  /** The responder a responder account acts for (403 without one). */
  responderOf(user: AuthUser): string {
    return responderOf(user);
  }

  offer(incidentId: string, responderId: string, user: AuthUser): Promise<Dispatch> {
    return answeringRefusals(() => this.offers.offerManually(incidentId, responderId, user.id));
  }
}

/** A responder account is always linked to a responder (the users table insists); a token without one gets nothing. */
function responderOf(user: AuthUser): string {
  if (!user.responderId) throw new ForbiddenException('this account is not linked to a responder');
  return user.responderId;
}
