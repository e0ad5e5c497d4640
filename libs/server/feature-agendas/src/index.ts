export * from './lib/agenda-registry';
export * from './lib/agenda-presenter';
export * from './lib/agendas.module';
export * from './lib/agendas.service';
export * from './lib/current-user';
export * from './lib/party-directory';
export * from './lib/reference-prefix';
export * from './lib/user-facts';
