import { Module } from '@nestjs/common';
import { AuthorityModule } from '@agendy/server/authority';
import { AuditModule } from '@agendy/server/feature-audit';
import { IdentityCoreModule } from '@agendy/server/feature-identity';
import { AgendasController } from './agendas.controller';
import { DesignerController } from './designer/designer.controller';
import { DesignerService } from './designer/designer.service';
import { AgendaRegistry } from './agenda-registry';
import { AgendasAccess } from './agendas-access';
import { AgendasService } from './agendas.service';
import { CurrentUser } from './current-user';
import { PartyDirectory } from './party-directory';
import { UserFactsLoader } from './user-facts';

const SHARED = [AgendaRegistry, UserFactsLoader, PartyDirectory];

/** Agenda registry and its endpoints; exports what the request runtime builds on. */
@Module({
  // IdentityCoreModule: agenda grants are decided and written by identity (AgendaGrantsService).
  imports: [AuthorityModule, AuditModule, IdentityCoreModule],
  controllers: [AgendasController, DesignerController],
  providers: [...SHARED, AgendasService, DesignerService, CurrentUser, AgendasAccess],
  exports: [...SHARED, CurrentUser],
})
export class AgendasModule {}

/** For the worker: the registry and directory lookups, no HTTP. */
@Module({ providers: SHARED, exports: SHARED })
export class AgendasCoreModule {}
