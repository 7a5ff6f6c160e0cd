import { CONTACT_WRITE_GRACE_S, silenceThresholdS, supervisionIntervalMs } from './maintenance-schedules';

describe('supervisionIntervalMs', () => {
  it.each([
    [1800, 60_000],
    [360, 60_000],
    [120, 20_000],
    [6, 1000],
    [1, 1000],
  ])('a heartbeat timeout of %i s is checked every %i ms', (timeoutS, expected) => {
    expect(supervisionIntervalMs({ HEARTBEAT_TIMEOUT_S: timeoutS, SUPERVISION_INTERVAL_MS: undefined })).toBe(expected);
  });

  it('takes an explicit interval as it is', () => {
    expect(supervisionIntervalMs({ HEARTBEAT_TIMEOUT_S: 1800, SUPERVISION_INTERVAL_MS: 250 })).toBe(250);
  });
});

describe('silenceThresholdS', () => {
  it('waits the heartbeat timeout plus the grace of a contact still being written by ingest', () => {
    expect(silenceThresholdS({ HEARTBEAT_TIMEOUT_S: 1800 })).toBe(1800 + CONTACT_WRITE_GRACE_S);
  });
});
