import { accountDelayMs } from './login-throttle';

describe('accountDelayMs', () => {
  it('is nothing without recent failures, then doubles per failure up to its bound', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => accountDelayMs(n, 250, 3000))).toEqual([0, 250, 500, 1000, 2000, 3000, 3000, 3000]);
  });

  it('stays bounded for any count, and can be switched off', () => {
    expect(accountDelayMs(1_000_000, 250, 3000)).toBe(3000);
    expect(accountDelayMs(5, 0, 3000)).toBe(0);
  });
});
