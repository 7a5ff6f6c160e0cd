/**
 * The demo's files on disk: the launcher's seed writes them, the simulator reads the handset
 * secrets and the ids of the demo watch and pendant from them. Shared here because an app never imports another app.
 */
export { projectRoot, demoDataDir, DEMO_SECRETS_FILE, DEMO_DEVICES_FILE } from './paths';
export { readJsonFile, writePrivateJsonFile } from './private-file';
export { readDemoDevices, loadOrCreateDemoDevices, isDemoHttpDevice } from './demo-devices';
export type { DemoDevice, DemoDevicesFile, DemoHttpDevice, DemoTcpDevice, WantedDemoDevice } from './demo-devices';
