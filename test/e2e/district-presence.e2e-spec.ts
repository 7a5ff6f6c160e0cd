import { DistrictPresence, PRESENCE_STALE_MS, reachIn } from '@app/live';
import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { deleteRedisKeys, testRedisUrl } from '../support/environment';

/**
 * Who is connected, as the district exception reads it before an emergency's push: one script
 * against the real Redis answers every district at once, so that it can be read while the
 * incident views are, before their districts are known (IncidentPublisher).
 */
describe('district presence: one snapshot of every district', () => {
  const prefix = `hkt-presence-${randomBytes(4).toString('hex')}`;
  let redis: IORedis;
  let presence: DistrictPresence;

  beforeAll(() => {
    redis = createRedis(testRedisUrl(), 'command');
    presence = new DistrictPresence(redis, prefix);
  });

  afterAll(async () => {
    redis?.disconnect();
    await deleteRedisKeys(testRedisUrl(), prefix);
  });

  it('with nobody connected covers no district and sees no console of some districts', async () => {
    const snapshot = await presence.snapshot();
    expect(snapshot).toEqual({ everyDistrict: false, districts: new Set(), outsiders: false });
    expect(reachIn(snapshot, ['north', null])).toEqual({ covered: new Set(), outsiders: false });
  });

  it('covers the districts with an operator of their own, counts consoles of some districts, and forgets who left', async () => {
    await presence.enter('op-north', { operatorOf: { all: false, districts: ['north', 'east gate'] }, outsider: true });
    await presence.enter('supervisor-west', { outsider: true });
    const snapshot = await presence.snapshot();
    expect(snapshot).toEqual({ everyDistrict: false, districts: new Set(['north', 'east gate']), outsiders: true });
    // A resident without a district is covered by operators of every district only.
    expect(reachIn(snapshot, ['north', 'south', null, 'east gate'])).toEqual({ covered: new Set(['north', 'east gate']), outsiders: true });

    await presence.leave('op-north', { operatorOf: { all: false, districts: ['north', 'east gate'] }, outsider: true });
    expect(await presence.snapshot()).toEqual({ everyDistrict: false, districts: new Set(), outsiders: true });
    await presence.leave('supervisor-west', { outsider: true });
  });

  it('an operator of every district covers every district asked, a resident without one too', async () => {
    await presence.enter('op-all', { operatorOf: { all: true }, outsider: false });
    const snapshot = await presence.snapshot();
    expect(snapshot.everyDistrict).toBe(true);
    expect(reachIn(snapshot, ['north', 'south', null])).toEqual({ covered: new Set(['north', 'south', null]), outsiders: false });
    await presence.leave('op-all', { operatorOf: { all: true }, outsider: false });
  });

  it('does not count a socket its instance stopped vouching for', async () => {
    await presence.enter('op-south', { operatorOf: { all: false, districts: ['south'] }, outsider: false });
    expect((await presence.snapshot()).districts).toEqual(new Set(['south']));
    // Its instance died: the last vouch is older than the staleness bound.
    await redis.zadd(`${prefix}-operators-of-district-south`, Date.now() - PRESENCE_STALE_MS - 1000, 'op-south');
    expect((await presence.snapshot()).districts).toEqual(new Set());
  });

  it('rejects when Redis cannot answer (the exception then shows the alarm to everyone)', async () => {
    // A port nothing listens on; a producer connection fails at once instead of queueing.
    const nowhere = createRedis('redis://127.0.0.1:1', 'producer');
    try {
      await expect(new DistrictPresence(nowhere, prefix).snapshot()).rejects.toThrow();
    } finally {
      nowhere.disconnect();
    }
  });
});
