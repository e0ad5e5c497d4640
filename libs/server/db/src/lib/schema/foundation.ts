import { DepartmentEntity } from '../entities/department.entity';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';
import { WorkerHeartbeatEntity } from '../entities/worker-heartbeat.entity';
import { Foundation1732700000000 } from '../migrations/1732700000000-foundation';
import type { SchemaPart } from './schema-part';

export const FOUNDATION_SCHEMA: SchemaPart = {
  entities: [DepartmentEntity, UserEntity, SessionEntity, WorkerHeartbeatEntity],
  migrations: [Foundation1732700000000],
};
