import { APP_CONFIG, type AppConfig } from '@app/config';
import { AcceptHandles, LISTEN_BACKLOG } from '@app/http';
import { type DeviceProtocol, gt06Protocol, type TcpProtocolName, watchProtocol } from '@app/protocols';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { PressIntake } from '../intake/press-intake';
import { DeviceConnection } from './device-connection';
import { DevicePresence } from './device-presence';
import { DeviceContacts } from '../contacts/device-contacts';
import { DeviceRegistry } from './device-registry';
import { DeviceSessions } from './device-sessions';
import { GatewayMetrics } from './gateway-metrics';

/** How long shutdown waits for alarms still being stored, so that their answers go out. */
const DRAIN_TIMEOUT_MS = 5000;

interface Listener {
  protocol: DeviceProtocol;
  server: Server;
  /** More handles on the server's socket, so that a reconnect storm is accepted at once. */
  acceptHandles: AcceptHandles;
  connections: Set<DeviceConnection>;
}

/**
 * The TCP listeners of the device protocols, beside the HTTP API (`WATCH_PORT`, `GT06_PORT`;
 * 0 turns one off). No server-side TCP keepalive (it drains watch batteries): a connection
 * that is silent for DEVICE_IDLE_TIMEOUT_S is closed, and the device connects again. A frame
 * begun must complete within DEVICE_FRAME_TIMEOUT_S, so trickled bytes cannot hold a connection
 * either; DEVICE_MAX_CONNECTIONS caps how many are open.
 */
@Injectable()
export class DeviceListeners implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeviceGateway');
  private readonly listeners = new Map<TcpProtocolName, Listener>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: PressIntake,
    private readonly registry: DeviceRegistry,
    private readonly contacts: DeviceContacts,
    private readonly sessions: DeviceSessions,
    private readonly presence: DevicePresence,
    private readonly metrics: GatewayMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const ports: [DeviceProtocol, number][] = [
      [watchProtocol, this.config.WATCH_PORT],
      [gt06Protocol, this.config.GT06_PORT],
    ];
    for (const [protocol, port] of ports) if (port > 0) await this.listen(protocol, port);
  }

  /** The port a protocol listens on (tests), or undefined when it is off. */
  port(protocol: TcpProtocolName): number | undefined {
    const address = this.listeners.get(protocol)?.server.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  private async listen(protocol: DeviceProtocol, port: number): Promise<void> {
    const connections = new Set<DeviceConnection>();
    const context = {
      protocol,
      registry: this.registry,
      contacts: this.contacts,
      intake: this.intake,
      sessions: this.sessions,
      presence: this.presence,
      metrics: this.metrics,
      logger: this.logger,
      hotlineNumber: this.config.HOTLINE_NUMBER,
      frameTimeoutMs: this.config.DEVICE_FRAME_TIMEOUT_S * 1000,
    };
    const server = createServer({ noDelay: true, keepAlive: false }, (socket) => {
      const connection = new DeviceConnection(socket, context);
      connections.add(connection);
      this.metrics.connectionOpened(protocol.name);
      socket.setTimeout(this.config.DEVICE_IDLE_TIMEOUT_S * 1000, () => connection.close('idle'));
      socket.on('data', (chunk: Buffer) => connection.receive(chunk));
      socket.on('error', (error) => this.logger.debug(`${protocol.name} socket ${socket.remoteAddress}: ${error.message}`));
      socket.once('close', () => {
        connections.delete(connection);
        this.metrics.connectionClosed(protocol.name);
        connection.ended();
      });
    });
    server.maxConnections = this.config.DEVICE_MAX_CONNECTIONS;
    server.on('error', (error) => this.logger.error(`${protocol.name} listener: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: this.config.HOST, backlog: LISTEN_BACKLOG }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const acceptHandles = await AcceptHandles.add(server, {
      handles: this.config.LISTEN_HANDLES,
      backlog: LISTEN_BACKLOG,
      warn: (message) => this.logger.warn(`${protocol.name} listener: ${message}`),
    });
    this.listeners.set(protocol.name, { protocol, server, acceptHandles, connections });
    this.logger.log(`${protocol.name} devices on tcp://${this.config.HOST}:${this.port(protocol.name)}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const listeners = [...this.listeners.values()];
    for (const { server, acceptHandles } of listeners) {
      void acceptHandles.close();
      server.close();
    }
    const connections = listeners.flatMap((l) => [...l.connections]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([Promise.all(connections.map((c) => c.settled())), timeout]);
    clearTimeout(timer);
    for (const connection of connections) connection.close('shutting down');
    this.listeners.clear();
  }
}
