import { DISPATCH_STATUSES, type DispatchStatus } from '@app/contracts';
import { applyDispatchAction, cascadeOrder, type DispatchAction, isDispatchOpen, nextCascadeStep, nextInCascade } from './dispatch-state-machine';

const ACTIONS: DispatchAction[] = ['accept', 'decline', 'en_route', 'arrive', 'complete', 'time_out', 'cancel'];

/** Every allowed transition; everything else is refused. */
const ALLOWED: Record<string, DispatchStatus> = {
  'offered accept': 'accepted',
  'offered decline': 'declined',
  'offered time_out': 'timed_out',
  'offered cancel': 'cancelled',
  'accepted en_route': 'en_route',
  'accepted arrive': 'arrived',
  'accepted cancel': 'cancelled',
  'en_route arrive': 'arrived',
  'en_route cancel': 'cancelled',
  'arrived complete': 'completed',
  'arrived cancel': 'cancelled',
};

describe('dispatch state machine', () => {
  const cases = DISPATCH_STATUSES.flatMap((from) => ACTIONS.map((action) => [from, action] as const));

  it.each(cases)('%s + %s', (from, action) => {
    const expected = ALLOWED[`${from} ${action}`];
    const result = applyDispatchAction(from, action);
    expect(result).toEqual(expected ? { ok: true, from, to: expected } : { ok: false, from });
  });

  it('knows which offers are still open', () => {
    expect(DISPATCH_STATUSES.filter(isDispatchOpen)).toEqual(['offered', 'accepted', 'en_route', 'arrived']);
  });
});

describe('care-team cascade', () => {
  const team = { carer: 'c1', cadre: 'c2', doctor: 'c3' };

  it('offers carer, cadre, doctor in turn; the doctor first after a fall', () => {
    expect(cascadeOrder('sos')).toEqual(['carer', 'cadre', 'doctor']);
    expect(cascadeOrder('fall')).toEqual(['doctor', 'carer', 'cadre']);
  });

  it('skips empty slots and those already offered, and ends when everyone was asked', () => {
    expect(nextInCascade('sos', team, new Set())).toEqual({ role: 'carer', responderId: 'c1' });
    expect(nextInCascade('sos', team, new Set(['c1']))).toEqual({ role: 'cadre', responderId: 'c2' });
    expect(nextInCascade('sos', { doctor: 'c3' }, new Set())).toEqual({ role: 'doctor', responderId: 'c3' });
    expect(nextInCascade('fall', team, new Set(['c3']))).toEqual({ role: 'carer', responderId: 'c1' });
    expect(nextInCascade('sos', team, new Set(['c1', 'c2', 'c3']))).toBeUndefined();
    expect(nextInCascade('sos', {}, new Set())).toBeUndefined();
  });

  it('asks a responder who holds two slots only once', () => {
    const shared = { carer: 'same', cadre: 'same', doctor: 'd' };
    expect(nextInCascade('sos', shared, new Set(['same']))).toEqual({ role: 'doctor', responderId: 'd' });
  });
});

describe('nextCascadeStep', () => {
  const team = { carer: 'carer-1', cadre: 'cadre-1', doctor: 'doctor-1' };
  const offer = (responderId: string, status: DispatchStatus, manual = false) => ({ responderId, status, manual });

  it('starts with the carer, or the doctor after a fall', () => {
    expect(nextCascadeStep('sos', team, [])).toEqual({ kind: 'offer', role: 'carer', responderId: 'carer-1' });
    expect(nextCascadeStep('fall', team, [])).toEqual({ kind: 'offer', role: 'doctor', responderId: 'doctor-1' });
  });

  it('waits while a cascade offer is open or someone took the job', () => {
    expect(nextCascadeStep('sos', team, [offer('carer-1', 'offered')])).toEqual({ kind: 'wait' });
    for (const status of ['accepted', 'en_route', 'arrived', 'completed'] as const) {
      expect(nextCascadeStep('sos', team, [offer('carer-1', 'declined'), offer('vol-1', status, true)])).toEqual({ kind: 'wait' });
    }
  });

  it('moves past declines and timeouts, and is exhausted after the last', () => {
    expect(nextCascadeStep('sos', team, [offer('carer-1', 'timed_out')])).toEqual({ kind: 'offer', role: 'cadre', responderId: 'cadre-1' });
    expect(nextCascadeStep('sos', team, [offer('carer-1', 'timed_out'), offer('cadre-1', 'declined')])).toMatchObject({ role: 'doctor' });
    expect(nextCascadeStep('sos', team, [offer('carer-1', 'timed_out'), offer('cadre-1', 'declined'), offer('doctor-1', 'cancelled')])).toEqual({
      kind: 'exhausted',
    });
    expect(nextCascadeStep('sos', {}, [])).toEqual({ kind: 'exhausted' });
  });

  it('is not held back or used up by a waiting manual offer', () => {
    expect(nextCascadeStep('sos', team, [offer('carer-1', 'offered', true)])).toEqual({ kind: 'offer', role: 'carer', responderId: 'carer-1' });
  });
});
