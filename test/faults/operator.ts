import { ConsoleEvent, type IncidentSnapshot, type IncidentView, Namespace } from '@app/contracts';
import { io, type Socket } from 'socket.io-client';

/** One connection of an operator to one console instance: what it was shown while it lasted. */
export interface OperatorSession {
  url: string;
  connectedAt: number;
  /** Incident ids seen in this session: its snapshot(s) and every created / updated event. */
  seen: Set<string>;
  snapshots: number;
}

/**
 * An operator's browser on `/console`: records every incident it is shown, and when its
 * console goes away it reconnects, like the web console does, to the next console that
 * answers (behind a load balancer that would be the survivor). Each connection is a session,
 * so a suite can ask what the operator's queue holds since the last reconnect.
 */
export class ConsoleOperator {
  /** Every incident id shown in any session. */
  readonly seen = new Set<string>();
  readonly sessions: OperatorSession[] = [];
  private socket?: Socket;
  private closed = false;
  private reconnecting?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly urls: () => string[],
    private readonly token: string,
  ) {}

  get current(): OperatorSession | undefined {
    return this.sessions[this.sessions.length - 1];
  }

  get connected(): boolean {
    return Boolean(this.socket?.connected);
  }

  /** Connects to the first console that accepts, starting with `preferred`. */
  async connect(preferred = 0): Promise<void> {
    const urls = this.urls();
    for (let i = 0; i < urls.length; i++) {
      const url = urls[(preferred + i) % urls.length]!;
      try {
        await this.open(url);
        return;
      } catch {
        // That console is gone: try the next.
      }
    }
    throw new Error(`${this.name}: no console accepted the connection (${urls.join(', ')})`);
  }

  /** Resolves once the operator is connected again (after a reconnect, if one is going on). */
  async settled(): Promise<void> {
    while (this.reconnecting) await this.reconnecting;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private open(url: string): Promise<void> {
    const socket = io(`${url}${Namespace.Console}`, {
      auth: { token: this.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    const session: OperatorSession = { url, connectedAt: 0, seen: new Set(), snapshots: 0 };
    const show = (id: string) => {
      session.seen.add(id);
      this.seen.add(id);
    };
    socket.on(ConsoleEvent.IncidentCreated, (view: IncidentView) => show(view.id));
    socket.on(ConsoleEvent.IncidentUpdated, (view: IncidentView) => show(view.id));
    socket.on(ConsoleEvent.IncidentSnapshot, (snapshot: IncidentSnapshot) => {
      session.snapshots++;
      for (const view of snapshot.items) show(view.id);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`${this.name}: no connection to ${url} within 5 s`));
      }, 5000);
      socket.once('connect_error', (error: Error) => {
        clearTimeout(timer);
        socket.close();
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        session.connectedAt = performance.now();
        this.sessions.push(session);
        this.socket = socket;
        socket.once('disconnect', () => {
          if (!this.closed) this.reconnecting ??= this.reconnect(url).finally(() => (this.reconnecting = undefined));
        });
        resolve();
      });
      socket.connect();
    });
  }

  /** Keeps trying, every console in turn starting after the one that went away, until one accepts. */
  private async reconnect(lost: string): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 2000)));
      const urls = this.urls();
      try {
        await this.connect((urls.indexOf(lost) + 1) % Math.max(urls.length, 1));
        return;
      } catch {
        // None answers yet.
      }
    }
  }
}
