import { parseArgs, UsageError } from './args';

describe('simulator --outage / --district', () => {
  it('sends one heartbeat per handset of the district for an outage', () => {
    expect(parseArgs(['--outage', '--district', '东港区'])).toMatchObject({
      protocol: 'http',
      heartbeat: true,
      outage: true,
      target: { kind: 'district', district: '东港区' },
    });
  });

  it('brings a district back with heartbeats', () => {
    expect(parseArgs(['--heartbeat', '--district', '东港区'])).toMatchObject({ heartbeat: true, outage: false, target: { kind: 'district' } });
  });

  it('refuses an outage without a district, with a type or count, or over TCP', () => {
    expect(() => parseArgs(['--outage'])).toThrow(UsageError);
    expect(() => parseArgs(['--outage', '--district', 'X', '--type', 'sos'])).toThrow(UsageError);
    expect(() => parseArgs(['--outage', '--district', 'X', '--count', '3'])).toThrow(UsageError);
    expect(() => parseArgs(['--district', 'X', '--resident', '1'])).toThrow(UsageError);
    expect(() => parseArgs(['--protocol', 'watch', '--outage', '--district', 'X'])).toThrow(UsageError);
  });
});
