import { applyFollowUpAction, needsFollowUpCall } from './follow-up-state-machine';

describe('follow-up state machine', () => {
  it('completes a due follow-up once', () => {
    expect(applyFollowUpAction('due', 'complete')).toEqual({ ok: true, from: 'due', to: 'done' });
    expect(applyFollowUpAction('done', 'complete')).toEqual({ ok: false, from: 'done' });
  });

  it('calls back after emergencies only', () => {
    expect(['sos', 'fall', 'low_battery', 'device_offline', 'device_removed', 'device_alarm', 'area_outage'].filter(needsFollowUpCall)).toEqual([
      'sos',
      'fall',
    ]);
  });
});
