export * from './lib/test-database';
export * from './lib/test-config';
export * from './lib/fixtures';
export * from './lib/http-session';
export * from './lib/ldap-office';
export * from './lib/ldap-server';
export * from './lib/runtime-fixtures';
export * from './lib/agenda-walker';
