import { DynamicModule, Logger } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { dataSourceOptions, initializeGuardedDataSource, type DatabaseGuards } from './data-source';
import { configureTransactionGuard, type TransactionGuardMode } from './transaction-discipline';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  guards: DatabaseGuards;
  transactionGuard: TransactionGuardMode;
}

/**
 * The TypeORM root module every Nest process uses: pool, server-side timeouts and the transaction
 * guard in one place, so no process can get a DataSource without them.
 */
export function databaseModule(settings: DatabaseSettings, applicationName: string, poolSize = settings.poolSize): DynamicModule {
  const logger = new Logger('TransactionDiscipline');
  configureTransactionGuard({ mode: settings.transactionGuard, report: (e) => logger.error({ err: e.message, stack: e.stack }, 'Transaction discipline violated') });
  return TypeOrmModule.forRootAsync({
    useFactory: () => ({
      ...dataSourceOptions(settings.url, poolSize, applicationName, settings.guards),
      // The preflight check already proved the database answers; later outages surface as 503s, not boot loops.
      retryAttempts: 0,
    }),
    dataSourceFactory: async (options?: DataSourceOptions) => {
      if (!options) throw new Error('TypeORM options missing');
      return initializeGuardedDataSource(options);
    },
  });
}
