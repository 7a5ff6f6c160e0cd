import type { IncidentType } from '@app/contracts';
import fc from 'fast-check';
import {
  applyDispatchAction,
  type CareTeamRole,
  type DispatchAction,
  isDispatchEngaged,
  isDispatchOpen,
  nextCascadeStep,
  type OfferRecord,
} from './dispatch-state-machine';
import { applyIncidentAction, type IncidentAction, type IncidentState, isClosed } from './incident-state-machine';

/**
 * Property tests over the two state machines and the cascade together, driven the way the
 * services drive them: any interleaving of operator, responder and timer actions, with the
 * dispatcher taking its next cascade step after each. Refused actions change nothing (the
 * services answer 409 or do nothing).
 */

interface World {
  type: IncidentType;
  team: Partial<Record<CareTeamRole, string>>;
  incident: IncidentState;
  offers: (OfferRecord & { role: string })[];
}

type Step =
  | { by: 'operator'; action: 'acknowledge' | 'note' | 'resolve' | 'cancel' }
  | { by: 'operator'; action: 'manual_offer'; responderId: string }
  | { by: 'responder'; action: Extract<DispatchAction, 'accept' | 'decline' | 'en_route' | 'arrive' | 'complete'>; offer: number }
  | { by: 'timer'; action: 'offer_timeout'; offer: number }
  | { by: 'timer'; action: 'ack_timeout' };

function incident(world: World, action: IncidentAction): boolean {
  const result = applyIncidentAction(world.incident, action);
  if (result.ok) world.incident = result.to;
  return result.ok;
}

function dispatch(world: World, index: number, action: DispatchAction): boolean {
  const offer = world.offers[index];
  if (!offer) return false;
  const result = applyDispatchAction(offer.status, action);
  if (result.ok) offer.status = result.to;
  return result.ok;
}

/** What the dispatcher does after every event: the next cascade step, or escalation. */
function advanceCascade(world: World): void {
  if (isClosed(world.incident.status)) return;
  const step = nextCascadeStep(world.type, world.team, world.offers);
  if (step.kind === 'offer') world.offers.push({ responderId: step.responderId, role: step.role, status: 'offered', manual: false });
  if (step.kind === 'exhausted') incident(world, { kind: 'escalate' });
}

function apply(world: World, step: Step): void {
  switch (step.by) {
    case 'operator':
      if (step.action === 'manual_offer') {
        if (!isClosed(world.incident.status)) world.offers.push({ responderId: step.responderId, role: 'volunteer', status: 'offered', manual: true });
      } else if (step.action === 'resolve' || step.action === 'cancel') {
        const closed = incident(world, step.action === 'resolve' ? { kind: 'resolve', outcome: 'assisted' } : { kind: 'cancel' });
        if (closed) world.offers.forEach((_, i) => dispatch(world, i, 'cancel'));
      } else {
        incident(world, { kind: step.action });
      }
      break;
    case 'responder':
      if (isClosed(world.incident.status)) break;
      if (dispatch(world, step.offer, step.action)) {
        if (step.action === 'accept') incident(world, { kind: 'dispatch_accepted' });
        if (step.action === 'arrive') incident(world, { kind: 'responder_arrived' });
      }
      break;
    case 'timer':
      if (step.action === 'offer_timeout') dispatch(world, step.offer, 'time_out');
      else if (!world.incident.acknowledged) incident(world, { kind: 'escalate' });
      break;
  }
  advanceCascade(world);
}

const responderIds = ['r1', 'r2', 'r3'];
const worldArb = fc.record({
  type: fc.constantFrom<IncidentType>('sos', 'fall'),
  team: fc.record(
    { carer: fc.constantFrom(...responderIds), cadre: fc.constantFrom(...responderIds), doctor: fc.constantFrom(...responderIds) },
    { requiredKeys: [] },
  ),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom('acknowledge', 'note', 'resolve', 'cancel').map((action) => ({ by: 'operator' as const, action })),
  fc.constantFrom('v1', 'v2', 'r1').map((responderId) => ({ by: 'operator' as const, action: 'manual_offer' as const, responderId })),
  fc.record({
    by: fc.constant('responder' as const),
    action: fc.constantFrom('accept', 'decline', 'en_route', 'arrive', 'complete') as fc.Arbitrary<'accept' | 'decline' | 'en_route' | 'arrive' | 'complete'>,
    offer: fc.nat({ max: 6 }),
  }),
  fc.nat({ max: 6 }).map((offer) => ({ by: 'timer' as const, action: 'offer_timeout' as const, offer })),
  fc.constant({ by: 'timer' as const, action: 'ack_timeout' as const }),
);

function start(seed: { type: IncidentType; team: Partial<Record<CareTeamRole, string>> }): World {
  const world: World = { ...seed, incident: { status: 'open', acknowledged: false, escalated: false }, offers: [] };
  advanceCascade(world); // the incident-opened job
  return world;
}

/** Someone is on the job, a human has been alerted by escalation, or the case is closed. */
function handled(world: World): boolean {
  return isClosed(world.incident.status) || world.incident.escalated || world.offers.some((o) => isDispatchEngaged(o.status));
}

describe('incident lifecycle (property)', () => {
  it('never has two cascade offers waiting, nor two taken, nor asks a responder twice', () => {
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { maxLength: 40 }), (seed, steps) => {
        const world = start(seed);
        for (const step of steps) {
          apply(world, step);
          const cascade = world.offers.filter((o) => !o.manual);
          expect(cascade.filter((o) => o.status === 'offered').length).toBeLessThanOrEqual(1);
          expect(cascade.filter((o) => isDispatchEngaged(o.status)).length).toBeLessThanOrEqual(1);
          expect(new Set(cascade.map((o) => o.responderId)).size).toBe(cascade.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is never stuck: whatever happened, the timers alone bring it to handled (closed, escalated or someone on the job)', () => {
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { maxLength: 40 }), (seed, steps) => {
        const world = start(seed);
        for (const step of steps) apply(world, step);
        // From here on nobody answers: only timers fire.
        for (let round = 0; round < 10 && !handled(world); round++) {
          world.offers.forEach((offer, i) => offer.status === 'offered' && apply(world, { by: 'timer', action: 'offer_timeout', offer: i }));
          apply(world, { by: 'timer', action: 'ack_timeout' });
        }
        expect(handled(world)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves no open offer on a closed incident, and never reopens one', () => {
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { maxLength: 40 }), (seed, steps) => {
        const world = start(seed);
        let closedAt: string | undefined;
        for (const step of steps) {
          apply(world, step);
          if (isClosed(world.incident.status)) {
            closedAt ??= world.incident.status;
            expect(world.incident.status).toBe(closedAt);
            expect(world.offers.filter((o) => isDispatchOpen(o.status))).toEqual([]);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('escalates only through a missed acknowledgement or an exhausted cascade, and only once', () => {
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { maxLength: 40 }), (seed, steps) => {
        const world = start(seed);
        let escalations = 0;
        for (const step of steps) {
          const before = world.incident.escalated;
          apply(world, step);
          if (!before && world.incident.escalated) escalations++;
        }
        expect(escalations).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
