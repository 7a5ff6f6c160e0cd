import { LIVE_INCIDENT_STATUSES } from '@app/contracts';
import { LIVE_STATUSES_SQL, sqlStringList } from './sql-lists';

describe('sqlStringList', () => {
  it('quotes each value and doubles quotes inside them', () => {
    expect(sqlStringList(['open', "o'clock"])).toBe("('open','o''clock')");
  });

  it('refuses an empty list, which SQL cannot spell', () => {
    expect(() => sqlStringList([])).toThrow(/at least one/);
  });

  it('spells the live statuses of the contracts lib', () => {
    expect(LIVE_STATUSES_SQL).toBe(`(${LIVE_INCIDENT_STATUSES.map((s) => `'${s}'`).join(',')})`);
  });
});
