/**
 * Test data of the shipped agendas for other projects' tests (`@agendy/workflow/agendas/testing`):
 * the random-walk fixtures (datasets, step data, the people involved) by agenda code. Kept out of
 * the main entry point so production code never bundles fixtures.
 */
export { walkFixtures } from './fixtures/walk-fixtures';
export type { WalkFixture } from './testing/random-walk';
