import { csvCell, csvLine, csvLines } from './csv';

describe('CSV', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+86 10', '-3', '@SUM(A1)', '\t=x'].map(csvCell)).toEqual(["'=1+1", "'+86 10", "'-3", "'@SUM(A1)", "'\t=x"]);
  });

  it('quotes commas, quotes and line breaks, keeps Chinese text', () => {
    expect(csvLine(['王秀英', 'a,b', 'say "hi"', 'two\nlines', undefined, ['meals', 'bathing']])).toBe(
      '王秀英,"a,b","say ""hi""","two\nlines",,meals; bathing\r\n',
    );
  });

  it('starts with the BOM and the header row', async () => {
    const lines: string[] = [];
    for await (const line of csvLines([{ header: 'name', value: (r: { n: string }) => r.n }], [{ n: '李' }])) lines.push(line);
    expect(lines).toEqual(['\uFEFFname\r\n', '李\r\n']);
  });
});
