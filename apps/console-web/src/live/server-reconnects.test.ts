import { TOO_MANY_CONNECTIONS, UNAUTHORIZED } from '@app/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serverReconnects } from './server-reconnects';

describe('reconnecting after the server closed or refused the socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (active = false) => {
    const socket = { active, connect: vi.fn() };
    const onUnauthorized = vi.fn();
    return { socket, onUnauthorized, policy: serverReconnects(socket, onUnauthorized) };
  };

  it('reconnects at once after a server-side disconnect (an expired token, say)', () => {
    const { socket, policy } = setup();
    policy.disconnected('io server disconnect');
    expect(socket.connect).toHaveBeenCalledTimes(1);
  });

  it('leaves network trouble to socket.io’s own reconnection', () => {
    const { socket, policy } = setup(true);
    policy.disconnected('transport close');
    policy.refused(new Error('websocket error'));
    vi.advanceTimersByTime(10_000);
    expect(socket.connect).not.toHaveBeenCalled();
  });

  it('retries a refused handshake a few seconds later', () => {
    const { socket, policy, onUnauthorized } = setup();
    policy.refused(new Error(TOO_MANY_CONNECTIONS));
    vi.advanceTimersByTime(2999);
    expect(socket.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2001);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('ends the session on "unauthorized", without retrying', () => {
    const { socket, policy, onUnauthorized } = setup();
    policy.refused(new Error(UNAUTHORIZED));
    vi.advanceTimersByTime(10_000);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(socket.connect).not.toHaveBeenCalled();
  });

  it('stops a pending retry when the page closes the socket', () => {
    const { socket, policy } = setup();
    policy.refused(new Error('unavailable'));
    policy.stop();
    vi.advanceTimersByTime(10_000);
    expect(socket.connect).not.toHaveBeenCalled();
  });
});
