import { type DecodedFrame, type DeviceProtocol, isUndecodable } from '@app/protocols';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * A small REAL TCP server that answers like a device gateway, with the codecs of `@app/protocols`
 * (the answer bytes are the decoder's), for testing device clients such as the simulator without
 * the ingest app. The test decides, frame by frame, whether and when to answer; it can write
 * commands to a connection and sees every frame received, in order, with its time.
 */
export interface ReceivedFrame {
  connection: number;
  /** The device id: from the frame (watch), or from the connection's login (GT06). */
  deviceId?: string;
  bytes: Buffer;
  decoded: DecodedFrame;
  at: number;
}

export interface AnsweredFrame {
  connection: number;
  bytes: Buffer;
  at: number;
}

/** Whether to answer a frame: `{ afterMs }` answers it (after a delay), undefined leaves it unanswered. */
export type AnswerPolicy = (frame: ReceivedFrame, gateway: FakeDeviceGateway) => { afterMs: number } | undefined;

export const answerEverything: AnswerPolicy = () => ({ afterMs: 0 });

export class FakeDeviceGateway {
  readonly received: ReceivedFrame[] = [];
  readonly answered: AnsweredFrame[] = [];
  readonly undecodable: Buffer[] = [];
  private readonly sockets: Socket[] = [];
  private readonly server: Server;
  private onFrame?: (frame: ReceivedFrame) => void;

  private constructor(
    private readonly protocol: DeviceProtocol,
    private readonly policy: AnswerPolicy,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(protocol: DeviceProtocol, policy: AnswerPolicy = answerEverything): Promise<FakeDeviceGateway> {
    const gateway = new FakeDeviceGateway(protocol, policy);
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the fake gateway is not listening');
    return address.port;
  }

  get connections(): number {
    return this.sockets.length;
  }

  /** Writes bytes (a command) to connection `n` (0-based, in the order they were accepted). */
  write(connection: number, bytes: Buffer): void {
    this.sockets[connection].write(bytes);
  }

  /** Called for every frame, after it is recorded (and before any answer). */
  whenFrame(listener: (frame: ReceivedFrame) => void): void {
    this.onFrame = listener;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connection = this.sockets.push(socket) - 1;
    const splitter = this.protocol.createSplitter();
    let sessionId: string | undefined;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const bytes of splitter.push(chunk)) {
        const decoded = this.protocol.decode(bytes);
        if (isUndecodable(decoded)) {
          this.undecodable.push(bytes);
          continue;
        }
        if (decoded.message.kind === 'login') sessionId = decoded.deviceId;
        const frame: ReceivedFrame = { connection, deviceId: decoded.deviceId ?? sessionId, bytes, decoded, at: performance.now() };
        this.received.push(frame);
        this.onFrame?.(frame);
        const answer = decoded.answer && this.policy(frame, this);
        if (!answer || !decoded.answer) continue;
        const bytesOut = decoded.answer.bytes;
        setTimeout(() => {
          if (socket.destroyed) return;
          socket.write(bytesOut);
          this.answered.push({ connection, bytes: bytesOut, at: performance.now() });
        }, answer.afterMs);
      }
    });
  }
}
