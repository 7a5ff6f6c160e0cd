import { returnedRows } from './returned-rows';

describe('returnedRows', () => {
  it('unwraps the [rows, rowCount] of an UPDATE or DELETE ... RETURNING', () => {
    expect(returnedRows([[{ id: 1 }], 1])).toEqual([{ id: 1 }]);
    expect(returnedRows([[], 0])).toEqual([]);
  });

  it('passes the rows of any other statement through', () => {
    expect(returnedRows([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(returnedRows([])).toEqual([]);
  });
});
