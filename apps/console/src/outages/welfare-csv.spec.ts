import type { OutageIncidentView, OutageResident } from '@app/contracts';
import { csvField, welfareCsvLines } from './welfare-csv';

const resident = (over: Partial<OutageResident> = {}): OutageResident => ({
  id: 'r1',
  fullName: '王桂兰',
  phone: '+86 539 812 3456',
  livingSituation: 'alone',
  dateOfBirth: '1941-05-17',
  age: 85,
  address: 'Lanshan Road 18, Room 501',
  emergencyContacts: [{ name: 'Wang Jun', relation: 'son', phone: '+86 139 1234 5678' }],
  stillSilent: false,
  ...over,
});

describe('welfare list CSV', () => {
  it('quotes commas, quotes and line breaks, and leaves plain text and phone numbers alone', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('+86 139 1234 5678')).toBe('+86 139 1234 5678');
    expect(csvField(undefined)).toBe('');
    expect(csvField(85)).toBe('85');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2+3')).toBe("'-2+3");
  });

  it('starts with a BOM and the header row, then one line per resident in list order', () => {
    const view = {
      outage: {
        district: '东港区',
        affected: 2,
        recovered: 0,
        called: 1,
        residents: [
          resident(),
          resident({
            id: 'r2',
            fullName: 'Li, Ming',
            livingSituation: 'with_family',
            call: { outcome: 'reached', at: '2026-12-01T10:00:00.000Z', by: { id: 'u', username: 'op' } },
          }),
        ],
      },
    } as OutageIncidentView;
    const lines = [...welfareCsvLines(view)];
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith('\uFEFFrank,residentId,fullName,phone,')).toBe(true);
    expect(lines[1]).toBe('1,r1,王桂兰,+86 539 812 3456,alone,85,"Lanshan Road 18, Room 501",Wang Jun (son) +86 139 1234 5678,,,,,,\r\n');
    expect(lines[2]).toContain('2,r2,"Li, Ming"');
    expect(lines[2]).toContain(',reached,,2026-12-01T10:00:00.000Z,op\r\n');
  });
});
