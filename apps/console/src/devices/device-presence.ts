import type { DeviceProtocolName, IncidentView } from '@app/contracts';
import { DeviceConnectionRegistry } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import { Injectable, Logger } from '@nestjs/common';

/** A list or a view must not wait on a Redis outage: past this, `connected` is left out (unknown). */
const LOOKUP_BUDGET_MS = 300;

interface DeviceRef {
  serial: string;
  protocol: DeviceProtocolName;
  connected?: boolean;
}

/**
 * Whether TCP devices are connected, from the connection registry in Redis (the database
 * cannot know it). The console adds it to what it answers over REST: device listings and
 * incident views. `http` handsets hold no connection and get no `connected`; when Redis does
 * not answer in time, nobody gets one, and the web console shows "unknown". Socket pushes
 * (built by ingest and the dispatcher) carry no `connected` either.
 */
@Injectable()
export class DevicePresence {
  private readonly logger = new Logger('DevicePresence');

  constructor(private readonly registry: DeviceConnectionRegistry) {}

  /** The same devices, with `connected` filled in for the TCP ones when the registry answers. */
  async withConnected<D extends DeviceRef>(devices: readonly D[]): Promise<D[]> {
    const tcp = [...new Set(devices.filter((d) => d.protocol !== 'http').map((d) => d.serial))];
    if (!tcp.length) return [...devices];
    const connected = await this.lookUp(tcp);
    if (!connected) return [...devices];
    return devices.map((d) => (d.protocol === 'http' ? d : { ...d, connected: connected.has(d.serial) }));
  }

  async incidentViews<V extends IncidentView>(views: readonly V[]): Promise<V[]> {
    const devices = await this.withConnected(views.map((v) => v.device));
    return views.map((view, i) => ({ ...view, device: devices[i] ?? view.device }));
  }

  async incidentView<V extends IncidentView>(view: V): Promise<V> {
    const [decorated] = await this.incidentViews([view]);
    return decorated ?? view;
  }

  /** The connected serials, or undefined when the registry could not say within the budget. */
  private async lookUp(serials: string[]): Promise<Set<string> | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), LOOKUP_BUDGET_MS);
    });
    // Caught here, so that a lookup that fails after the budget ran out is no unhandled rejection.
    const lookup = this.registry.connections(serials).catch((error: unknown) => {
      this.logger.warn(`the device connection registry failed (${errorMessage(error)}); connected left unknown`);
      return undefined;
    });
    try {
      const found = await Promise.race([lookup, late]);
      if (found === 'late') {
        this.logger.warn('the device connection registry did not answer in time; connected left unknown');
        return undefined;
      }
      return found ? new Set(found.keys()) : undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
