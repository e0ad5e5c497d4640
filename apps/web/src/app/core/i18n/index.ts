export * from './dictionary';
export * from './translation.service';
export * from './translate.pipe';
export * from './format';
export * from './format.pipes';
export * from './locale';
export * from './title-strategy';
