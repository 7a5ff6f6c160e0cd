import { createHmac } from 'node:crypto';
import type { OfferNotification } from './notification-channel';
import { dispatchOfferedOf, webhookOfferOf } from './offer-messages';
import { signWebhook } from './webhook-signature';

const offer: OfferNotification = {
  notificationId: 'n-1',
  dispatch: {
    id: 'd-1',
    incidentId: 'i-1',
    role: 'carer',
    manual: false,
    status: 'offered',
    offeredAt: '2026-11-28T08:00:00.000Z',
    expiresAt: '2026-11-28T08:01:00.000Z',
    responder: { id: 'r-1', fullName: 'Li Mei', role: 'carer', phone: '+86 138 0000 0001' },
  },
  responder: { id: 'r-1', fullName: 'Li Mei', role: 'carer', phone: '+86 138 0000 0001' },
  resident: {
    fullName: 'Wang Guilan',
    age: 85,
    phone: '+86 539 812 3456',
    address: 'Lanshan Road 18',
    accessNotes: 'Key safe, code 4711',
    medicalHistory: ['hypertension'],
    allergies: ['penicillin'],
  },
};

describe('offer messages', () => {
  it('gives the socket everything a carer needs at the door', () => {
    expect(dispatchOfferedOf(offer)).toEqual({
      dispatchId: 'd-1',
      incidentId: 'i-1',
      role: 'carer',
      expiresAt: '2026-11-28T08:01:00.000Z',
      resident: offer.resident,
    });
  });

  it('keeps medical details and access codes out of the webhook (an SMS)', () => {
    const body = webhookOfferOf(offer);
    expect(body).toMatchObject({ notificationId: 'n-1', dispatchId: 'd-1', incidentId: 'i-1', responder: { id: 'r-1', phone: '+86 138 0000 0001' } });
    expect(body.resident).toEqual({ fullName: 'Wang Guilan', address: 'Lanshan Road 18' });
    const text = JSON.stringify(body);
    for (const secret of ['hypertension', 'penicillin', '4711']) expect(text).not.toContain(secret);
    expect(body.message).toContain('08:01');
  });
});

describe('signWebhook', () => {
  it('is the hex HMAC-SHA256 of timestamp.body', () => {
    const expected = createHmac('sha256', 'webhook-secret-0123').update('1764316800000.{"a":1}').digest('hex');
    expect(signWebhook('webhook-secret-0123', '1764316800000', '{"a":1}')).toBe(expected);
  });
});
