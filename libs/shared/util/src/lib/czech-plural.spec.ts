import { czechPlural, czechPluralForm, englishPlural } from './czech-plural';

describe('czechPlural', () => {
  it.each([
    [0, '0 kroků'],
    [1, '1 krok'],
    [2, '2 kroky'],
    [4, '4 kroky'],
    [5, '5 kroků'],
    [11, '11 kroků'],
    [21, '21 kroků'],
    [22, '22 kroků'],
    [-1, '-1 krok'],
  ])('%i → %s', (n, text) => expect(czechPlural(n, 'krok', 'kroky', 'kroků')).toBe(text));

  it('a non-integer takes the last form', () => expect(czechPluralForm(1.5, 'krok', 'kroky', 'kroku')).toBe('kroku'));

  it('English', () => {
    expect(englishPlural(1, 'step')).toBe('1 step');
    expect(englishPlural(0, 'step')).toBe('0 steps');
    expect(englishPlural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
