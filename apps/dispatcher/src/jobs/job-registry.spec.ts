import { JobName, Queue } from '@app/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { failedForGood, JobRegistry, type QueueHandlers } from './job-registry';

const job = (name: string, data: unknown, id = 'j-1') => ({ name, data, id }) as Job;

const maintenance = (calls: string[]): QueueHandlers<Queue.Maintenance> => ({
  [JobName.RelayOutbox]: () => (calls.push('relay'), Promise.resolve({ relayed: 2 })),
  [JobName.SuperviseDevices]: () => (calls.push('supervise'), Promise.resolve({ opened: 0, closed: 0 })),
});

describe('JobRegistry', () => {
  it('runs the handler of a valid job with its parsed data and returns its counts', async () => {
    const registry = new JobRegistry();
    const seen: unknown[] = [];
    registry.consume(Queue.Notifications, { [JobName.Notify]: (data) => (seen.push(data), Promise.resolve()) });
    const data = { dispatchId: randomUUID(), channel: 'socket', outboxId: randomUUID() };
    await expect(registry.run(Queue.Notifications, job(JobName.Notify, data))).resolves.toBeUndefined();
    expect(seen).toEqual([data]);

    const calls: string[] = [];
    registry.consume(Queue.Maintenance, maintenance(calls));
    await expect(registry.run(Queue.Maintenance, job(JobName.RelayOutbox, {}))).resolves.toEqual({ relayed: 2 });
    expect(calls).toEqual(['relay']);
  });

  it('answers the readiness probe on every consumed queue without running a handler', async () => {
    const registry = new JobRegistry();
    const calls: string[] = [];
    registry.consume(Queue.Maintenance, maintenance(calls));
    await expect(registry.run(Queue.Maintenance, job(JobName.Probe, { probeId: 'probe-1' }))).resolves.toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('fails a job with invalid data for good (a bug upstream, never retried)', async () => {
    const registry = new JobRegistry();
    registry.consume(Queue.Maintenance, maintenance([]));
    await expect(registry.run(Queue.Maintenance, job(JobName.SuperviseDevices, { residentName: 'x' }))).rejects.toThrow(UnrecoverableError);
  });

  it('fails for good a job that has no handler on the queue it came from', async () => {
    const registry = new JobRegistry();
    registry.consume(Queue.Maintenance, maintenance([]));
    await expect(registry.run(Queue.Dispatch, job(JobName.RelayOutbox, {}))).rejects.toThrow(/no handler for job "relay-outbox" on queue dispatch/);
    await expect(registry.run(Queue.Maintenance, job('no-such-job', {}))).rejects.toThrow(UnrecoverableError);
  });

  it('has no problem when every job of every consumed queue has one handler', () => {
    const registry = new JobRegistry();
    registry.consume(Queue.Maintenance, maintenance([]));
    expect(registry.problems()).toEqual([]);
    expect(registry.consumedQueues()).toEqual([Queue.Maintenance]);
  });

  it('names a job of a consumed queue without a handler', () => {
    const registry = new JobRegistry();
    // What the compiler refuses, checked again at start-up (a handler map built some other way).
    const partial: Partial<QueueHandlers<Queue.Maintenance>> = { [JobName.RelayOutbox]: () => Promise.resolve(undefined) };
    registry.consume(Queue.Maintenance, partial as QueueHandlers<Queue.Maintenance>);
    expect(registry.problems()).toEqual(['no handler for job "supervise-devices" of queue maintenance']);
  });

  it('names a job with two handlers', () => {
    const registry = new JobRegistry();
    registry.consume(Queue.Maintenance, maintenance([]));
    registry.consume(Queue.Maintenance, maintenance([]));
    expect(registry.problems()).toEqual([
      'job "relay-outbox" has 2 handlers on queue maintenance',
      'job "supervise-devices" has 2 handlers on queue maintenance',
    ]);
  });

  it('runs the same job name on the queue of each lane, each queue with its own handler', async () => {
    const registry = new JobRegistry();
    const seen: string[] = [];
    const notify = (lane: string) => ({ [JobName.Notify]: () => (seen.push(lane), Promise.resolve()) });
    registry.consume(Queue.Notifications, notify('alarm'));
    registry.consume(Queue.TechnicalNotifications, notify('technical'));
    expect(registry.problems()).toEqual([]);
    const data = { dispatchId: randomUUID(), channel: 'socket', outboxId: randomUUID() };
    await registry.run(Queue.TechnicalNotifications, job(JobName.Notify, data));
    await registry.run(Queue.Notifications, job(JobName.Notify, data));
    expect(seen).toEqual(['technical', 'alarm']);
  });
});

describe('failedForGood', () => {
  const opts = { attempts: 8 };
  it('is false while BullMQ will retry, true once the attempts ran out', () => {
    expect(failedForGood({ attemptsMade: 3, opts, finishedOn: undefined })).toBe(false);
    expect(failedForGood({ attemptsMade: 8, opts, finishedOn: undefined })).toBe(true);
  });

  it('is true at once for a job BullMQ moved to the failed set early (an UnrecoverableError: invalid data, no handler)', () => {
    expect(failedForGood({ attemptsMade: 1, opts, finishedOn: Date.now() })).toBe(true);
  });
});
