import type { Service } from '../../apps/launcher/src/services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __heartkeyServices?: Service[] }).__heartkeyServices ?? [];
  for (const service of services) await service.stop();
}
