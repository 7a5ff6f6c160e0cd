import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { signHandsetRequest, verifyHandsetSignature } from './handset-signature';

const secretArb = fc.string({ minLength: 1, maxLength: 64 });
const timestampArb = fc.bigInt({ min: 0n, max: 10n ** 13n }).map(String);
const bodyArb = fc.uint8Array({ minLength: 0, maxLength: 512 }).map((b) => Buffer.from(b));

function flipByte(buffer: Buffer, index: number, delta: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index % copy.length] = (copy[index % copy.length]! + delta) % 256;
  return copy;
}

describe('handset signature', () => {
  it('matches the contract: hex HMAC-SHA256 of `${timestamp}.${body}` keyed with the secret', () => {
    const expected = createHmac('sha256', 'k3y').update('1764316800000.{"eventId":"a","type":"sos"}').digest('hex');
    expect(signHandsetRequest('k3y', '1764316800000', '{"eventId":"a","type":"sos"}')).toBe(expected);
  });

  it('accepts what was signed', () => {
    fc.assert(
      fc.property(secretArb, timestampArb, bodyArb, (secret, ts, body) => verifyHandsetSignature(secret, ts, body, signHandsetRequest(secret, ts, body))),
    );
  });

  it('refuses when any byte of the body changes', () => {
    fc.assert(
      fc.property(
        secretArb,
        timestampArb,
        bodyArb.filter((b) => b.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (secret, ts, body, i, d) => {
          const signature = signHandsetRequest(secret, ts, body);
          return !verifyHandsetSignature(secret, ts, flipByte(body, i, d), signature);
        },
      ),
    );
  });

  it('refuses when the timestamp changes', () => {
    fc.assert(
      fc.property(secretArb, timestampArb, timestampArb, bodyArb, (secret, ts, other, body) => {
        fc.pre(ts !== other);
        return !verifyHandsetSignature(secret, other, body, signHandsetRequest(secret, ts, body));
      }),
    );
  });

  it('refuses when any byte of the key changes', () => {
    fc.assert(
      fc.property(secretArb, fc.nat(), fc.integer({ min: 1, max: 127 }), timestampArb, bodyArb, (secret, i, d, ts, body) => {
        const key = Buffer.from(secret, 'utf8');
        const otherKey = flipByte(key, i, d).toString('latin1');
        fc.pre(otherKey !== secret && Buffer.from(otherKey, 'utf8').compare(key) !== 0);
        return !verifyHandsetSignature(otherKey, ts, body, signHandsetRequest(secret, ts, body));
      }),
    );
  });

  it('refuses when any character of the signature changes, and malformed signatures', () => {
    fc.assert(
      fc.property(secretArb, timestampArb, bodyArb, fc.nat({ max: 63 }), (secret, ts, body, i) => {
        const signature = signHandsetRequest(secret, ts, body);
        const swapped = signature[i] === '0' ? '1' : '0';
        const tampered = signature.slice(0, i) + swapped + signature.slice(i + 1);
        return !verifyHandsetSignature(secret, ts, body, tampered);
      }),
    );
    const good = signHandsetRequest('s', '1', 'b');
    for (const bad of ['', 'zz', good.toUpperCase(), good.slice(1), `${good}00`, ' '.repeat(64)]) {
      expect(verifyHandsetSignature('s', '1', 'b', bad)).toBe(false);
    }
  });
});
