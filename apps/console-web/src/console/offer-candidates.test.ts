import type { DispatchView, Responder } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { offerCandidates } from './offer-candidates';

const carer: Responder = { id: 'c', fullName: '王芳', role: 'carer', phone: '1' } as Responder;
const doctor: Responder = { id: 'd', fullName: '陈华', role: 'doctor', phone: '2' } as Responder;
const volunteer: Responder = { id: 'v', fullName: '赵志', role: 'volunteer', phone: '3' } as Responder;
const dispatch = (responder: Responder, status: DispatchView['status']): DispatchView =>
  ({ id: `${responder.id}-${status}`, responder, status, offeredAt: '2026-12-01T08:00:00Z', expiresAt: '2026-12-01T08:01:00Z' }) as DispatchView;

describe('offerCandidates', () => {
  it('lists the team, then volunteers once, and marks who holds an open offer or job', () => {
    const list = offerCandidates(
      [carer, doctor],
      [volunteer, carer],
      [dispatch(carer, 'timed_out'), dispatch(doctor, 'en_route'), dispatch(volunteer, 'offered')],
    );
    expect(list.map((c) => [c.responder.id, c.holds?.status])).toEqual([
      ['c', undefined],
      ['d', 'en_route'],
      ['v', 'offered'],
    ]);
  });
});
