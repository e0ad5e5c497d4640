export * from './lib/documents.module';
