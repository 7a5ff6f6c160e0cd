import { describe, expect, it } from 'vitest';
import { fromOffered, isActive, isShown, shownStatus, timeOut, upsertCard } from './offers';

const resident = {
  fullName: '王秀英',
  age: 87,
  address: 'Donggang',
  medicalHistory: [],
  allergies: ['penicillin'],
};

describe('offer cards', () => {
  it('a live offer goes on top; the same dispatch again replaces its card', () => {
    const first = fromOffered({
      dispatchId: 'd1',
      incidentId: 'i1',
      role: 'carer',
      expiresAt: '2026-11-28T08:01:00.000Z',
      resident,
    });
    const second = fromOffered({
      dispatchId: 'd2',
      incidentId: 'i2',
      role: 'carer',
      expiresAt: '2026-11-28T08:02:00.000Z',
      resident,
    });
    let cards = upsertCard(upsertCard([], first), second);
    expect(cards.map((c) => c.dispatchId)).toEqual(['d2', 'd1']);
    cards = upsertCard(cards, { ...first, status: 'accepted' });
    expect(cards.map((c) => [c.dispatchId, c.status])).toEqual([
      ['d1', 'accepted'],
      ['d2', 'offered'],
    ]);
  });

  it('declined, timed-out and cancelled offers are no longer to act on', () => {
    const card = fromOffered({
      dispatchId: 'd1',
      incidentId: 'i1',
      role: 'carer',
      expiresAt: '2026-11-28T08:01:00.000Z',
      resident,
    });
    expect(
      ['offered', 'accepted', 'arrived', 'declined', 'timed_out', 'cancelled', 'completed'].map((status) => isActive({ ...card, status } as typeof card)),
    ).toEqual([true, true, true, false, false, false, false]);
  });

  it('shows an offer as timed out the moment its time is up, by the phone clock, and keeps it listed as expired', () => {
    const card = fromOffered({ dispatchId: 'd1', incidentId: 'i1', role: 'carer', expiresAt: '2026-11-28T08:01:00.000Z', resident });
    expect(shownStatus(card, Date.parse('2026-11-28T08:00:59.999Z'))).toBe('offered');
    expect(shownStatus(card, Date.parse('2026-11-28T08:01:00.000Z'))).toBe('timed_out');
    expect(shownStatus({ ...card, status: 'accepted' }, Date.parse('2026-11-28T09:00:00.000Z'))).toBe('accepted');
    expect(isShown({ ...card, status: 'timed_out' })).toBe(true);
    expect(isShown({ ...card, status: 'declined' })).toBe(false);
  });

  it("marks a card timed out on the server's push, unless it was answered meanwhile", () => {
    const offered = fromOffered({ dispatchId: 'd1', incidentId: 'i1', role: 'carer', expiresAt: '2026-11-28T08:01:00.000Z', resident });
    const accepted = { ...offered, dispatchId: 'd2', status: 'accepted' as const };
    expect(timeOut([offered, accepted], 'd1').map((c) => c.status)).toEqual(['timed_out', 'accepted']);
    expect(timeOut([offered, accepted], 'd2').map((c) => c.status)).toEqual(['offered', 'accepted']);
  });
});
