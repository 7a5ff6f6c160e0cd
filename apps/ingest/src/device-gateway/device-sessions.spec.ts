import type { DeviceCommand } from '@app/protocols';
import { type BoundConnection, DeviceSessions } from './device-sessions';

class FakeConnection implements BoundConnection {
  closedFor?: string;
  sent: DeviceCommand[] = [];
  readonly residentId = '00000000-0000-4000-8000-000000000001';
  readonly protocolName = 'watch' as const;
  constructor(readonly serial: string) {}
  send(command: DeviceCommand): Promise<boolean> {
    this.sent.push(command);
    return Promise.resolve(!this.closedFor);
  }
  write(): boolean {
    return !this.closedFor;
  }
  close(reason: string): void {
    this.closedFor = reason;
  }
}

describe('device sessions', () => {
  it('keeps one connection per device: a new one replaces and closes the old', async () => {
    const sessions = new DeviceSessions();
    const old = new FakeConnection('8800000003');
    const fresh = new FakeConnection('8800000003');
    sessions.bind(old);
    sessions.bind(fresh);
    expect(old.closedFor).toMatch(/replaced/);
    expect(sessions.current('8800000003')).toBe(fresh);
    expect(await sessions.deliver('8800000003', { kind: 'locate' })).toBe(true);
    expect(fresh.sent).toEqual([{ kind: 'locate' }]);
    expect(old.sent).toEqual([]);
  });

  it('forgets a connection only while it is the current one', () => {
    const sessions = new DeviceSessions();
    const old = new FakeConnection('865700000000004');
    const fresh = new FakeConnection('865700000000004');
    sessions.bind(old);
    sessions.bind(fresh);
    expect(sessions.release(old)).toBe(false);
    expect(sessions.current('865700000000004')).toBe(fresh);
    expect(sessions.release(fresh)).toBe(true);
    expect(sessions.size).toBe(0);
  });

  it('delivers nothing for a device it does not hold', async () => {
    expect(await new DeviceSessions().deliver('8800000009', { kind: 'locate' })).toBe(false);
  });
});
