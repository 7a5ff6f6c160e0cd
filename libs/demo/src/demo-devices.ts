import { newDeviceSecret } from '@app/auth';
import type { TcpDeviceProtocolName } from '@app/contracts';
import { readJsonFile, writePrivateJsonFile } from './private-file';

interface DemoDeviceBase {
  /** 1-based index of the demo resident (`npm run simulate -- --resident 1`). */
  resident: number;
  residentName: string;
  /** The resident's district (`npm run simulate -- --outage --district 东港区` picks by it). */
  district?: string;
  /** The handset serial; for a watch or a GT06 pendant, the id the device itself sends. */
  serial: string;
  /** The resident's home, sent as the alarm location. */
  home: { lat: number; lng: number };
}

/** A handset of the signed HTTP API: the simulator signs with its plain secret. */
export interface DemoHttpDevice extends DemoDeviceBase {
  protocol: 'http';
  secret: string;
}

/** A watch or a GT06 pendant: known by the id in its frames, it has no secret. */
export interface DemoTcpDevice extends DemoDeviceBase {
  protocol: TcpDeviceProtocolName;
  /** Watch maker prefix the device writes (`3G`, `SG`…). */
  maker?: string;
}

export type DemoDevice = DemoHttpDevice | DemoTcpDevice;

/** What the seed asks for: the secrets of HTTP handsets are the file's business. */
export type WantedDemoDevice = Omit<DemoHttpDevice, 'secret'> | DemoTcpDevice;

export interface DemoDevicesFile {
  note: string;
  devices: DemoDevice[];
}

/** A file written before the device protocols existed lists HTTP handsets without a `protocol`. */
type StoredDemoDevice = DemoDevice | (Omit<DemoHttpDevice, 'protocol'> & { protocol?: undefined });

const NOTE =
  'Demo devices written by the seed (npm start / npm run seed): HTTP handsets with the secrets the simulator signs with, ' +
  'and the TCP watch and pendant by their ids. Keep private.';

function stored(path: string): StoredDemoDevice[] {
  return readJsonFile<{ devices?: StoredDemoDevice[] }>(path)?.devices ?? [];
}

export function readDemoDevices(path: string): DemoDevice[] {
  return stored(path).map((d) => (d.protocol === undefined ? { ...d, protocol: 'http' } : d));
}

export function isDemoHttpDevice(device: DemoDevice): device is DemoHttpDevice {
  return device.protocol === 'http';
}

/**
 * The demo devices, written to the devices file: the secret of an HTTP handset already in the
 * file is reused, so re-seeding never invalidates what the simulator holds. The file is only
 * rewritten when what it says changed.
 */
export function loadOrCreateDemoDevices(path: string, wanted: WantedDemoDevice[]): DemoDevice[] {
  const known = new Map(
    readDemoDevices(path)
      .filter(isDemoHttpDevice)
      .map((d) => [d.serial, d.secret]),
  );
  const devices = wanted.map((d): DemoDevice => (d.protocol === 'http' ? { ...d, secret: known.get(d.serial) ?? newDeviceSecret() } : d));
  if (JSON.stringify(stored(path)) !== JSON.stringify(devices)) writePrivateJsonFile(path, { note: NOTE, devices } satisfies DemoDevicesFile);
  return devices;
}
