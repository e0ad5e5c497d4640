/**
 * Defence in depth against LDAP filter injection (RFC 4515). passport-ldapauth escapes the
 * username itself, but over-escapes (it re-escapes its own backslashes), so we do not rely on
 * it alone: usernames must first pass a strict allow-list, and our own searches use
 * `escapeFilterValue`, which escapes the backslash first.
 */

/** uid / sAMAccountName / UPN shapes: letters (incl. Czech), digits, `.`, `_`, `-`, one `@`. */
const USERNAME = /^[\p{L}\p{N}._-]{1,64}(@[\p{L}\p{N}.-]{1,190})?$/u;

export function isAcceptableUsername(username: string): boolean {
  return USERNAME.test(username);
}

export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** Fills `{{username}}` in a configured filter with an escaped value. */
export function fillFilter(template: string, placeholders: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in placeholders ? escapeFilterValue(placeholders[name] as string) : whole));
}
