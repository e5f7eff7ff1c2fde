import { DynamicModule, Module } from '@nestjs/common';
import { AuditWorkerModule } from '@app/audit';
import { AppConfig, CoreModule } from '@app/core';
import { QueueModule } from '@app/jobs';
import { SharesWorkerModule } from '@app/shares';
import { DividendsWorkerModule } from '@app/dividends';
import { ExportsWorkerModule } from '@app/exports';
import { SupervisionWorkerModule } from '@app/supervision';
import { ContractsWorkerModule } from '@app/contracts';
import { AssetsWorkerModule } from '@app/assets';
import { dataSourceOptions } from '../../../migrations/data-source-options.js';

/** The same libraries as the API, without HTTP: only the queue processors. Scale by running more. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot({ config, dataSource: dataSourceOptions(config.databaseUrl, config.dbPoolSize) }),
        QueueModule.forRoot(config),
        AuditWorkerModule,
        SharesWorkerModule,
        DividendsWorkerModule,
        ExportsWorkerModule,
        SupervisionWorkerModule,
        ContractsWorkerModule,
        AssetsWorkerModule,
      ],
    };
  }
}
