import { causeMessage } from '@app/errors';
import type { DeviceCommand } from '@app/protocols';
import { connect, type Socket } from 'node:net';
import type { FrameChoice } from './args';
import { type DeviceDialect, expectedAnswer, type SimulatedDevice } from './device-dialect';

export interface TcpEndpoint {
  host: string;
  port: number;
}

export interface ResendPolicy {
  /** How long a frame waits for its answer. */
  answerTimeoutMs: number;
  /** Sends of an alarm; a heartbeat or a position is sent once. */
  maxAttempts: number;
}

/** What the device saw on the wire, for the simulator to print. */
export interface DeviceTrace {
  sent?(device: SimulatedDevice, frame: Buffer, attempt: number): void;
  answered?(device: SimulatedDevice, answer: Buffer, latencyMs: number): void;
  /** A frame from the server that answers nothing the device sent: a command, or something unexpected. */
  serverFrame?(device: SimulatedDevice, frame: Buffer, command: DeviceCommand | undefined): void;
}

/** What became of one frame after its resends. */
export interface FrameOutcome {
  frame?: Buffer;
  /** Undefined when no answer came (or none is expected). */
  answer?: Buffer;
  expectsAnswer: boolean;
  attempts: number;
  /** From the decision to send (connecting and logging in included) to the answer, or to giving up. */
  latencyMs: number;
  error?: string;
}

interface Waiter {
  expected: Buffer;
  resolve(answer: Buffer | undefined): void;
}

const CONNECT_TIMEOUT_MS = 5000;
const CLOSE_TIMEOUT_MS = 1000;

class NoAnswer extends Error {}
const NO_ANSWER = 'no answer';

/**
 * One watch or pendant on one TCP connection, parameterised by its protocol's dialect: it
 * connects when it has something to send, logs in first when the protocol wants it (and waits
 * for the answer before anything else), resends an unanswered alarm byte for byte as real
 * devices do, reconnects when the connection dropped, and shows what the server sends,
 * answering a locate request with its position.
 */
export class TcpDeviceClient {
  private connecting?: Promise<Socket>;
  private closed = false;
  private serial = 0;
  private readonly waiting: Waiter[] = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly dialect: DeviceDialect,
    readonly device: SimulatedDevice,
    private readonly endpoint: TcpEndpoint,
    private readonly policy: ResendPolicy,
    private readonly batteryPct: (choice: FrameChoice) => number,
    private readonly trace: DeviceTrace = {},
  ) {}

  async send(choice: FrameChoice): Promise<FrameOutcome> {
    const started = performance.now();
    const maxAttempts = choice.kind === 'alarm' ? this.policy.maxAttempts : 1;
    // Built once: a resend is the same bytes (same time, same serial), so the server knows it for a repeat.
    let frame: Buffer | undefined;
    let expected: Buffer | undefined;
    let error = NO_ANSWER;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const socket = await this.connection();
        if (!frame) {
          frame = this.dialect.frame(this.device, choice, { serial: this.nextSerial(), at: new Date(), batteryPct: this.batteryPct(choice) });
          expected = expectedAnswer(this.dialect.protocol, frame);
        }
        const answer = await this.exchange(socket, frame, expected, attempt);
        const outcome = { frame, expectsAnswer: expected !== undefined, attempts: attempt, latencyMs: performance.now() - started };
        return answer ? { ...outcome, answer } : outcome;
      } catch (failure) {
        error = failure instanceof NoAnswer ? failure.message : causeMessage(failure);
        // A refused or lost connection: redial after the time an answer would have had.
        if (!(failure instanceof NoAnswer) && attempt < maxAttempts) await sleep(this.policy.answerTimeoutMs);
      }
    }
    return { ...(frame ? { frame } : {}), expectsAnswer: true, attempts: maxAttempts, latencyMs: performance.now() - started, error };
  }

  /** Whether the device holds an open connection now. */
  get connected(): boolean {
    return [...this.sockets].some((socket) => !socket.destroyed);
  }

  /** Ends the connection (an unanswered frame still waiting resolves as unanswered). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sockets].map((socket) => endSocket(socket)));
  }

  private nextSerial(): number {
    this.serial = (this.serial % 0xffff) + 1;
    return this.serial;
  }

  /** The open, logged-in connection; one dial at a time however many frames are waiting for it. */
  private connection(): Promise<Socket> {
    if (this.closed) return Promise.reject(new Error('the simulator is closing the device'));
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async open(): Promise<Socket> {
    const socket = await dial(this.endpoint);
    this.sockets.add(socket);
    const splitter = this.dialect.protocol.createSplitter();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of splitter.push(chunk)) this.received(frame);
      } catch (error) {
        socket.destroy(error instanceof Error ? error : undefined); // a frame too large: a real device would hang up too
      }
    });
    socket.on('error', () => undefined); // 'close' follows and says it
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.connecting = undefined;
      // Whatever was waiting on this connection has lost its chance of an answer here.
      for (const waiter of this.waiting.splice(0)) waiter.resolve(undefined);
    });
    const login = this.dialect.loginFrame(this.device, this.nextSerial());
    if (login) {
      try {
        await this.exchange(socket, login, expectedAnswer(this.dialect.protocol, login), 1);
      } catch (error) {
        // Not logged in, the device may send nothing else here: it hangs up and dials again.
        socket.destroy();
        if (!(error instanceof NoAnswer)) throw error;
        throw new NoAnswer(error.message === NO_ANSWER ? 'login not answered' : `login not answered: ${error.message}`);
      }
    }
    return socket;
  }

  /** Writes the frame and waits for its answer, if it expects one. Throws NoAnswer after the answer timeout. */
  private async exchange(socket: Socket, frame: Buffer, expected: Buffer | undefined, attempt: number): Promise<Buffer | undefined> {
    if (socket.destroyed) throw new Error('connection closed');
    const started = performance.now();
    const answer = expected ? this.awaitAnswer(expected) : undefined;
    socket.write(frame);
    this.trace.sent?.(this.device, frame, attempt);
    if (!answer) return undefined;
    const received = await answer;
    if (!received) throw new NoAnswer(socket.destroyed ? 'connection closed before an answer' : NO_ANSWER);
    this.trace.answered?.(this.device, received, performance.now() - started);
    return received;
  }

  private awaitAnswer(expected: Buffer): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        expected,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      }, this.policy.answerTimeoutMs);
      this.waiting.push(waiter);
    });
  }

  /** An answer goes to the oldest frame waiting for exactly these bytes; anything else is the server talking. */
  private received(frame: Buffer): void {
    const at = this.waiting.findIndex((w) => w.expected.equals(frame));
    if (at >= 0) {
      this.waiting.splice(at, 1)[0].resolve(frame);
      return;
    }
    const command = this.dialect.command(frame);
    this.trace.serverFrame?.(this.device, frame, command);
    // As a real device does: asked where it is, it reports its position (a frame the server does not answer).
    if (command?.kind === 'locate' && !this.closed) void this.send({ kind: 'location', fix: true });
  }
}

function dial(endpoint: TcpEndpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port, noDelay: true, timeout: CONNECT_TIMEOUT_MS });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once('timeout', () => fail(new Error(`no connection to ${endpoint.host}:${endpoint.port} within ${CONNECT_TIMEOUT_MS} ms`)));
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.removeAllListeners('timeout');
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}

function endSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => socket.destroy(), CLOSE_TIMEOUT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
