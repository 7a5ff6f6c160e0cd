import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { applyLiveChange, EMPTY_LIVE, type LiveIncidents, openIncidents } from './incident-store';

const upsert = (state: LiveIncidents, view: ReturnType<typeof incidentView>, at = 1) => applyLiveChange(state, { kind: 'upsert', view, at });

describe('version merging', () => {
  it('keeps the highest version whatever order updates arrive in', () => {
    let state = upsert(EMPTY_LIVE, incidentView({ id: 'a', version: 3, status: 'dispatched' }));
    state = upsert(state, incidentView({ id: 'a', version: 2, status: 'acknowledged' }));
    expect(state.entries.get('a')?.view).toMatchObject({
      version: 3,
      status: 'dispatched',
    });
    state = upsert(state, incidentView({ id: 'a', version: 4, status: 'on_scene' }));
    expect(state.entries.get('a')?.view.status).toBe('on_scene');
  });

  it('returns the same state for a stale or repeated update (nothing re-renders)', () => {
    const state = upsert(EMPTY_LIVE, incidentView({ id: 'a', version: 2 }));
    expect(upsert(state, incidentView({ id: 'a', version: 2 }))).toBe(state);
    expect(upsert(state, incidentView({ id: 'a', version: 1 }))).toBe(state);
  });

  it('a closed incident leaves the queue and an older update cannot bring it back', () => {
    let state = upsert(EMPTY_LIVE, incidentView({ id: 'a', version: 5, status: 'resolved' }));
    state = upsert(state, incidentView({ id: 'a', version: 4, status: 'dispatched' }));
    expect(openIncidents(state)).toEqual([]);
  });
});

describe('snapshot after a reconnect', () => {
  it('drops what was closed while away, keeps what arrived after connecting, merges by version', () => {
    let state = upsert(EMPTY_LIVE, incidentView({ id: 'closed-meanwhile', version: 1 }), 100);
    state = upsert(
      state,
      incidentView({
        id: 'still-open',
        version: 2,
        status: 'acknowledged',
        acknowledgedAt: '2026-11-28T08:00:30.000Z',
      }),
      100,
    );
    state = upsert(state, incidentView({ id: 'new-after-connect', version: 1 }), 250);
    state = applyLiveChange(state, {
      kind: 'snapshot',
      at: 300,
      connectedAt: 200,
      items: [incidentView({ id: 'still-open', version: 1 }), incidentView({ id: 'missed', version: 1 })],
    });
    expect([...state.entries.keys()].sort()).toEqual(['missed', 'new-after-connect', 'still-open']);
    expect(state.entries.get('still-open')?.view.version).toBe(2);
  });
});

describe('queue order', () => {
  it('puts unacknowledged incidents on top, newest first within each group', () => {
    let state = EMPTY_LIVE;
    state = upsert(state, incidentView({ id: 'old-open', openedAt: '2026-11-28T08:00:00.000Z' }));
    state = upsert(state, incidentView({ id: 'new-open', openedAt: '2026-11-28T08:05:00.000Z' }));
    state = upsert(
      state,
      incidentView({
        id: 'newest-acked',
        openedAt: '2026-11-28T08:09:00.000Z',
        status: 'acknowledged',
        acknowledgedAt: '2026-11-28T08:09:10.000Z',
      }),
    );
    state = upsert(
      state,
      incidentView({
        id: 'older-acked',
        openedAt: '2026-11-28T07:00:00.000Z',
        status: 'dispatched',
        acknowledgedAt: '2026-11-28T07:00:10.000Z',
      }),
    );
    state = upsert(
      state,
      incidentView({
        id: 'cancelled',
        openedAt: '2026-11-28T08:10:00.000Z',
        status: 'cancelled',
      }),
    );
    expect(
      openIncidents(state)
        .map((v) => v.id)
        .sort(),
    ).toEqual(['new-open', 'newest-acked', 'old-open', 'older-acked']);
  });
});
