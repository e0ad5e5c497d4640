import { returnedRows } from './sql';

describe('returnedRows', () => {
  it('unwraps the [rows, count] shape of UPDATE/DELETE and passes plain rows through', () => {
    expect(returnedRows([[], 0])).toEqual([]);
    expect(returnedRows([[{ id: 'a' }], 1])).toEqual([{ id: 'a' }]);
    expect(returnedRows([{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});
