import { alarmPatternFlags } from './alarm-pattern';

describe('alarmPatternFlags', () => {
  const steady = { last14Days: 1, previous60Days: 4, total: 5, falseAlarms: 0 };

  it.each([
    ['a steady resident', steady, []],
    ['no alarms at all', { last14Days: 0, previous60Days: 0, total: 0, falseAlarms: 0 }, []],
    ['more in 14 days than in the 60 before', { last14Days: 5, previous60Days: 2, total: 7, falseAlarms: 0 }, ['rising']],
    ['a rise below the minimum count', { last14Days: 2, previous60Days: 0, total: 2, falseAlarms: 0 }, []],
    ['as many as before is not a rise', { last14Days: 4, previous60Days: 4, total: 8, falseAlarms: 0 }, []],
    ['many false alarms', { last14Days: 1, previous60Days: 5, total: 6, falseAlarms: 4 }, ['false_alarms']],
    ['false alarms below the minimum', { last14Days: 0, previous60Days: 2, total: 2, falseAlarms: 2 }, []],
    ['false alarms a small share', { last14Days: 2, previous60Days: 8, total: 10, falseAlarms: 3 }, []],
    ['both', { last14Days: 6, previous60Days: 1, total: 7, falseAlarms: 5 }, ['rising', 'false_alarms']],
  ])('%s', (_name, counts, flags) => {
    expect(alarmPatternFlags(counts)).toEqual(flags);
  });

  it('takes other thresholds', () => {
    expect(
      alarmPatternFlags({ last14Days: 2, previous60Days: 0, total: 2, falseAlarms: 0 }, { risingMinimum: 2, falseAlarmMinimum: 9, falseAlarmShare: 1 }),
    ).toEqual(['rising']);
  });
});
