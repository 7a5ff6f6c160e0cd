import type { DeviceProtocol } from '@app/protocols';
import { connect, type Socket } from 'node:net';

/**
 * A simulated handset on a real TCP socket: writes the frames a device sends and reads the
 * server's answers and commands through the protocol's own splitter, as a device would.
 */
export class DeviceSocket {
  private readonly received: Buffer[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<void>;
  private isClosed = false;

  private constructor(
    private readonly socket: Socket,
    protocol: DeviceProtocol,
  ) {
    const splitter = protocol.createSplitter();
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...splitter.push(chunk));
      this.waiters.forEach((w) => w());
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.waiters.forEach((w) => w());
        resolve();
      }),
    );
  }

  /** `localAddress` (127.0.0.2, …) spreads many connections over loopback addresses, each with its own ports. */
  static open(port: number, protocol: DeviceProtocol, localAddress?: string): Promise<DeviceSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true, ...(localAddress ? { localAddress } : {}) });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new DeviceSocket(socket, protocol));
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  send(...frames: Buffer[]): void {
    this.socket.write(Buffer.concat(frames));
  }

  /** The next frame from the server (answers and commands in the order they came). */
  next(timeoutMs = 3000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const frame = this.received.shift();
        if (frame) return done(() => resolve(frame));
        if (this.isClosed) return done(() => reject(new Error('the server closed the connection')));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no frame from the server within ${timeoutMs} ms`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves when nothing arrived for `windowMs`; rejects with what arrived otherwise. */
  async nothingFor(windowMs: number): Promise<void> {
    await new Promise((r) => setTimeout(r, windowMs));
    if (this.received.length) throw new Error(`expected no frame, got ${this.received.map((f) => f.toString('latin1')).join(' | ')}`);
  }

  close(): void {
    this.socket.destroy();
  }
}
