import fc from 'fast-check';
import { deterministicUuid } from './deterministic-id';

describe('deterministicUuid', () => {
  it('is a version 5 UUID, the same for the same name and different for others', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(deterministicUuid(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(deterministicUuid(a)).toBe(deterministicUuid(a));
        if (a !== b) expect(deterministicUuid(a)).not.toBe(deterministicUuid(b));
      }),
    );
  });
});
