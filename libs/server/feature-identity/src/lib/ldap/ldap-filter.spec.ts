import { escapeFilterValue, fillFilter, isAcceptableUsername } from './ldap-filter';

describe('LDAP filter safety', () => {
  it.each(['*', ')(uid=*', 'jnovak)(|(uid=*', 'a\\b', 'a\0b', '', ' jnovak', 'x'.repeat(65), 'uid=jnovak,ou=people', 'jan novak'])('refuses the username %j', (u) => {
    expect(isAcceptableUsername(u)).toBe(false);
  });

  it.each(['jnovak', 'j.novak', 'jan_novak-2', 'jnovak@kraj-lbc.cz', 'jříha'])('accepts the username %j', (u) => {
    expect(isAcceptableUsername(u)).toBe(true);
  });

  it('escapes per RFC 4515, backslash first so nothing is escaped twice', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0')).toBe('a\\2ab\\28c\\29d\\5ce\\00');
    expect(fillFilter('(&(uid={{username}})(x={{other}}))', { username: ')(uid=*' })).toBe('(&(uid=\\29\\28uid=\\2a)(x={{other}}))');
  });
});
