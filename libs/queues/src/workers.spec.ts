import { JobName } from '@app/contracts';
import { EventEmitter } from 'node:events';
import { checkEvictionPolicy, closeWorkerWithin, isProbe, listenForErrors, probeJobId } from './workers';

describe('worker helpers', () => {
  it('recognises the readiness probe, whose ids never contain ":"', () => {
    expect(isProbe({ name: JobName.Probe })).toBe(true);
    expect(isProbe({ name: JobName.IncidentOpened })).toBe(false);
    const id = probeJobId();
    expect(id).not.toContain(':');
    expect(probeJobId()).not.toBe(id);
  });

  it('adds an error listener only where there is none, so an outage cannot end the process', () => {
    const bare = new EventEmitter();
    const logger = { error: jest.fn() };
    expect(listenForErrors(bare, 'queue x', logger as never)).toBe(true);
    expect(() => bare.emit('error', new Error('ECONNREFUSED'))).not.toThrow();
    bare.emit('error', new Error('again, at once'));
    expect(logger.error).toHaveBeenCalledTimes(1);

    const handled = new EventEmitter().on('error', () => undefined);
    expect(listenForErrors(handled, 'worker y', logger as never)).toBe(false);
    expect(handled.listenerCount('error')).toBe(1);
  });

  describe('closeWorkerWithin', () => {
    it('waits for the running jobs when they finish in time', async () => {
      const close = jest.fn((force?: boolean) => (force ? Promise.resolve() : new Promise<void>((r) => setTimeout(r, 10))));
      await expect(closeWorkerWithin({ close }, 1000)).resolves.toBe('drained');
      expect(close).toHaveBeenCalledTimes(1);
    });

    it('closes by force after the grace period', async () => {
      const close = jest.fn((force?: boolean) => (force ? Promise.resolve() : new Promise<void>(() => undefined)));
      await expect(closeWorkerWithin({ close }, 20)).resolves.toBe('forced');
      expect(close).toHaveBeenLastCalledWith(true);
    });
  });

  describe('checkEvictionPolicy', () => {
    const redisAnswering = (reply: unknown) => ({ config: jest.fn(() => Promise.resolve(reply)) }) as never;

    it('accepts noeviction', async () => {
      await expect(checkEvictionPolicy(redisAnswering(['maxmemory-policy', 'noeviction']))).resolves.toEqual({ ok: true, policy: 'noeviction' });
    });

    it('warns about any policy that may evict queued jobs', async () => {
      const check = await checkEvictionPolicy(redisAnswering(['maxmemory-policy', 'allkeys-lru']));
      expect(check).toMatchObject({ ok: false, policy: 'allkeys-lru', message: expect.stringMatching(/noeviction/) });
    });

    it('tolerates CONFIG being disabled (managed Redis)', async () => {
      const redis = { config: jest.fn(async () => Promise.reject(new Error("ERR unknown command 'CONFIG'"))) } as never;
      await expect(checkEvictionPolicy(redis)).resolves.toMatchObject({ ok: undefined, message: expect.stringMatching(/could not read/) });
    });
  });
});
