import { buildHandlerRegistry, DiscoveredHandler, HandlerRegistryError } from './handler-registry';
import type { JobName } from './jobs';

const fn = async () => undefined;
const declared: JobName[] = ['housekeeping.heartbeat', 'housekeeping.purge-sessions'];

describe('buildHandlerRegistry', () => {
  it('pairs every job with its single handler', () => {
    const handlers: DiscoveredHandler[] = [
      { job: 'housekeeping.heartbeat', owner: 'A.beat', fn },
      { job: 'housekeeping.purge-sessions', owner: 'B.purge', fn },
    ];
    const registry = buildHandlerRegistry(declared, handlers);
    expect(registry.get('housekeeping.heartbeat')?.owner).toBe('A.beat');
    expect(registry.size).toBe(2);
  });

  it('refuses a job without a handler', () => {
    expect(() => buildHandlerRegistry(declared, [{ job: 'housekeeping.heartbeat', owner: 'A.beat', fn }])).toThrow(
      /job "housekeeping.purge-sessions" has no handler/,
    );
  });

  it('refuses two handlers for one job, naming both', () => {
    const handlers: DiscoveredHandler[] = [
      { job: 'housekeeping.heartbeat', owner: 'A.beat', fn },
      { job: 'housekeeping.heartbeat', owner: 'C.beatAgain', fn },
      { job: 'housekeeping.purge-sessions', owner: 'B.purge', fn },
    ];
    expect(() => buildHandlerRegistry(declared, handlers)).toThrow(/has 2 handlers: A.beat, C.beatAgain/);
  });

  it('refuses a handler for a job that is not in the catalogue', () => {
    try {
      buildHandlerRegistry(declared, [
        { job: 'housekeeping.heartbeat', owner: 'A.beat', fn },
        { job: 'housekeeping.purge-sessions', owner: 'B.purge', fn },
        { job: 'mail.send', owner: 'M.send', fn },
      ]);
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(HandlerRegistryError);
      expect((e as HandlerRegistryError).problems).toEqual(['handler M.send is for unknown job "mail.send"']);
    }
  });
});
