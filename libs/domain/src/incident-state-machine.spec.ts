import { INCIDENT_STATUSES, type IncidentStatus } from '@app/contracts';
import { applyIncidentAction, type IncidentAction, type IncidentState } from './incident-state-machine';

const ACTIONS: IncidentAction[] = [
  { kind: 'press' },
  { kind: 'acknowledge' },
  { kind: 'dispatch_accepted' },
  { kind: 'responder_arrived' },
  { kind: 'escalate' },
  { kind: 'note' },
  { kind: 'resolve', outcome: 'assisted' },
  { kind: 'cancel' },
];

const state = (status: IncidentStatus, acknowledged = false, escalated = false): IncidentState => ({
  status,
  acknowledged,
  escalated,
});

/** Expected status after each action from each live status (unacknowledged, not escalated). */
const STATUS_TABLE: Record<'open' | 'acknowledged' | 'dispatched' | 'on_scene', Record<IncidentAction['kind'], IncidentStatus>> = {
  open: {
    press: 'open',
    acknowledge: 'acknowledged',
    dispatch_accepted: 'dispatched',
    responder_arrived: 'on_scene',
    escalate: 'open',
    note: 'open',
    resolve: 'resolved',
    cancel: 'cancelled',
  },
  acknowledged: {
    press: 'acknowledged',
    acknowledge: 'acknowledged',
    dispatch_accepted: 'dispatched',
    responder_arrived: 'on_scene',
    escalate: 'acknowledged',
    note: 'acknowledged',
    resolve: 'resolved',
    cancel: 'cancelled',
  },
  dispatched: {
    press: 'dispatched',
    acknowledge: 'dispatched',
    dispatch_accepted: 'dispatched',
    responder_arrived: 'on_scene',
    escalate: 'dispatched',
    note: 'dispatched',
    resolve: 'resolved',
    cancel: 'cancelled',
  },
  on_scene: {
    press: 'on_scene',
    acknowledge: 'on_scene',
    dispatch_accepted: 'on_scene',
    responder_arrived: 'on_scene',
    escalate: 'on_scene',
    note: 'on_scene',
    resolve: 'resolved',
    cancel: 'cancelled',
  },
};

describe('incident state machine', () => {
  describe.each(Object.keys(STATUS_TABLE) as (keyof typeof STATUS_TABLE)[])('from %s', (from) => {
    it.each(ACTIONS.map((a) => [a.kind, a] as const))('%s moves to the expected status', (kind, action) => {
      const result = applyIncidentAction(state(from), action);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.to.status).toBe(STATUS_TABLE[from][kind]);
    });
  });

  it.each(['resolved', 'cancelled'] as const)('refuses every action once %s', (status) => {
    for (const action of ACTIONS) {
      const result = applyIncidentAction(state(status, true), action);
      expect(result).toEqual({ ok: false, reason: 'closed', from: state(status, true) });
    }
  });

  it('acknowledges once: a second acknowledgement is refused whatever the status', () => {
    for (const status of ['open', 'acknowledged', 'dispatched', 'on_scene'] as const) {
      const first = applyIncidentAction(state(status), { kind: 'acknowledge' });
      expect(first.ok && first.to.acknowledged).toBe(true);
      const second = applyIncidentAction(state(status, true), { kind: 'acknowledge' });
      expect(second).toMatchObject({ ok: false, reason: 'already_acknowledged' });
    }
  });

  it('never moves a live status backwards', () => {
    const order = ['open', 'acknowledged', 'dispatched', 'on_scene'];
    for (const status of INCIDENT_STATUSES.filter((s) => order.includes(s))) {
      for (const action of ACTIONS.filter((a) => a.kind !== 'resolve' && a.kind !== 'cancel')) {
        const result = applyIncidentAction(state(status), action);
        if (result.ok) expect(order.indexOf(result.to.status)).toBeGreaterThanOrEqual(order.indexOf(status));
      }
    }
  });

  it('escalates once, keeping the status', () => {
    const first = applyIncidentAction(state('dispatched', true), { kind: 'escalate' });
    expect(first).toMatchObject({ ok: true, to: { status: 'dispatched', escalated: true, acknowledged: true } });
    expect(applyIncidentAction(state('dispatched', true, true), { kind: 'escalate' })).toMatchObject({
      ok: false,
      reason: 'already_escalated',
    });
  });

  it('keeps the acknowledged and escalated flags through other actions', () => {
    const result = applyIncidentAction(state('acknowledged', true, true), { kind: 'dispatch_accepted' });
    expect(result).toMatchObject({ ok: true, to: { status: 'dispatched', acknowledged: true, escalated: true } });
  });
});
