import { csvDocument, csvLine, UTF8_BOM } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and line breaks, and leaves plain fields alone', () => {
    expect(csvLine(['东城区', 3, 'a,b', 'say "hi"', 'two\nlines'])).toBe('东城区,3,"a,b","say ""hi""","two\nlines"\r\n');
  });

  it('keeps a formula as text, empty for absent values and non-finite numbers', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@a', undefined, null, Number.NaN])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@a,,,\r\n`);
  });

  it('starts with the UTF-8 byte-order mark and the header', () => {
    const lines = [...csvDocument(['district', 'incidents'], [['东城区', 2]])];
    expect(lines).toEqual([`${UTF8_BOM}district,incidents\r\n`, '东城区,2\r\n']);
  });
});
