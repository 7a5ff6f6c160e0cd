import { causeMessage } from '@app/errors';
import { createServer } from 'node:net';

export class NotReadyError extends Error {}

/**
 * Polls an app's /health/ready until it answers 200. On timeout the error carries the last
 * answer (which check failed), the one thing a person needs to fix it.
 */
export async function waitUntilReady(name: string, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.status === 200) return;
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = causeMessage(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new NotReadyError(`${name} did not become ready within ${timeoutMs / 1000} s at ${url} (last answer: ${last})`);
}

/** True when nothing listens on the port yet, so an app can take it. */
export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
