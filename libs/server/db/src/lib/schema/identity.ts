import { AgendaGrantEntity } from '../entities/agenda-grant.entity';
import { RoleMappingEntity } from '../entities/role-mapping.entity';
import { SubstitutionEntity } from '../entities/substitution.entity';
import { UserDirectoryEntity } from '../entities/user-directory.entity';
import { UserTotpEntity } from '../entities/user-totp.entity';
import { Identity1732710000000 } from '../migrations/1732710000000-identity';
import { TotpSealed1732710100000 } from '../migrations/1732710100000-totp-sealed';
import { SubstitutionSourceManager1732710200000 } from '../migrations/1732710200000-substitution-source-manager';
import type { SchemaPart } from './schema-part';

/** Directory, org structure, deputies and authorization (issue 4). Migrations: 17327100xxxxx-*. */
export const IDENTITY_SCHEMA: SchemaPart = {
  entities: [UserDirectoryEntity, UserTotpEntity, SubstitutionEntity, RoleMappingEntity, AgendaGrantEntity],
  migrations: [Identity1732710000000, TotpSealed1732710100000, SubstitutionSourceManager1732710200000],
};
