import { causeMessage, errorMessage, errorStack, toError } from './error-text';

describe('error text', () => {
  const plain = new Error('boom');

  it('gives an Error its message and anything else its text', () => {
    expect(errorMessage(plain)).toBe('boom');
    expect(errorMessage('just a string')).toBe('just a string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('gives the stack when there is one, else the message', () => {
    expect(errorStack(plain)).toBe(plain.stack);
    expect(errorStack(plain)).toContain('boom');
    const stackless = new Error('no stack');
    stackless.stack = undefined;
    expect(errorStack(stackless)).toBe('no stack');
    expect(errorStack({ code: 1 })).toBe('[object Object]');
  });

  it("prefers the cause's message, as fetch puts the reason there", () => {
    expect(causeMessage(new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(causeMessage(new Error('fetch failed', { cause: 'not an error' }))).toBe('fetch failed');
    expect(causeMessage(plain)).toBe('boom');
    expect(causeMessage('text')).toBe('text');
  });

  it('keeps an Error as it is and wraps anything else', () => {
    expect(toError(plain)).toBe(plain);
    const wrapped = toError('gone');
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toBe('gone');
  });
});
