/**
 * The HTTP agenda walker: random walks of requests through a running Agendy (see walker.ts).
 * Pure parts — directory questions, materialisation of fixture data, choosing moves — are usable
 * on their own (e.g. by a generated browser walk that drives the UI instead of the API).
 */
export * from './rng';
export * from './directory';
export * from './directory-db';
export * from './materialise';
export * from './choose';
export * from './api-session';
export * from './walker';
