/** Assignment that never routes to nobody (issue 19, ADR 0004): pure rules over the directory as data. */
export * from './office-directory';
export * from './acting-parties';
export * from './resolve-vacancies';
export * from './complete-assignment';
export * from './directory-check';
export * from './party-labels';
export * from './state-probe';
