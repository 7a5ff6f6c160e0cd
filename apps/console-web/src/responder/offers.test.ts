import { describe, expect, it } from 'vitest';
import { fromOffered, isActive, upsertCard } from './offers';

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
});
