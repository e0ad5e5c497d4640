import { departmentCodeFrom } from './department-code';

describe('departmentCodeFrom', () => {
  it('keeps codes and folds names', () => {
    expect(departmentCodeFrom('oinf')).toBe('OINF');
    expect(departmentCodeFrom('Odbor dopravy')).toBe('ODBOR-DOPRAVY');
    expect(departmentCodeFrom('Odbor regionálního rozvoje a evropských projektů')).toBe('ODBOR-REGIONALNIHO-R');
    expect(departmentCodeFrom('***')).toBe('DEPT');
  });
});
