import { Global, Module } from '@nestjs/common';
import { AccessGuard } from './access.guard';
import { AccessRegistry } from './registry';

/**
 * The registry every area plugs its loaders into, one per application. The guard itself is
 * registered as APP_GUARD by the HTTP api right after the session guard (IdentityModule), so the
 * worker, which has no routes, carries the registry but no guard.
 */
@Global()
@Module({
  providers: [AccessRegistry, AccessGuard],
  exports: [AccessRegistry, AccessGuard],
})
export class AuthorityModule {}
