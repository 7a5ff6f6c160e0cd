/**
 * The demo's files on disk: the launcher's seed writes them, the simulator reads the handset
 * secrets from them. Shared here because an app never imports another app.
 */
export { projectRoot, demoDataDir, DEMO_SECRETS_FILE, DEMO_DEVICES_FILE } from './paths';
export { readJsonFile, writePrivateJsonFile } from './private-file';
export { readDemoDevices, loadOrCreateDemoDevices } from './demo-devices';
export type { DemoDevice, DemoDevicesFile } from './demo-devices';
