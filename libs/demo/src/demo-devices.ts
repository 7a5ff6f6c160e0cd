import { newDeviceSecret } from '@app/auth';
import { readJsonFile, writePrivateJsonFile } from './private-file';

/** One demo handset as the simulator needs it: which resident, its serial and its plain secret. */
export interface DemoDevice {
  /** 1-based index of the demo resident (`npm run simulate -- --resident 1`). */
  resident: number;
  residentName: string;
  serial: string;
  secret: string;
  /** The resident's home, sent as the alarm location. */
  home: { lat: number; lng: number };
}

export interface DemoDevicesFile {
  note: string;
  devices: DemoDevice[];
}

const NOTE = 'Demo handset secrets written by the seed (npm start / npm run seed). The simulator signs with them. Keep private.';

export function readDemoDevices(path: string): DemoDevice[] {
  return readJsonFile<DemoDevicesFile>(path)?.devices ?? [];
}

/**
 * The secrets of the demo handsets, generated once and kept in the devices file: a secret
 * already in the file is reused, so re-seeding never invalidates what the simulator holds.
 */
export function loadOrCreateDemoDevices(path: string, wanted: Omit<DemoDevice, 'secret'>[]): DemoDevice[] {
  const known = new Map(readDemoDevices(path).map((d) => [d.serial, d.secret]));
  const devices = wanted.map((d) => ({ ...d, secret: known.get(d.serial) ?? newDeviceSecret() }));
  const changed = devices.some((d) => known.get(d.serial) !== d.secret) || known.size !== devices.length;
  if (changed) writePrivateJsonFile(path, { note: NOTE, devices } satisfies DemoDevicesFile);
  return devices;
}
