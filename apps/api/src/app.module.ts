import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule, AuditWorkerModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { AppConfig, CoreModule } from '@app/core';
import { JobsModule, QueueModule } from '@app/jobs';
import { LedgerModule } from '@app/ledger';
import { OrganizationsModule } from '@app/organizations';
import { SharesModule, SharesWorkerModule } from '@app/shares';
import { DividendsModule, DividendsWorkerModule } from '@app/dividends';
import { ExportsModule, ExportsWorkerModule } from '@app/exports';
import { SupervisionModule, SupervisionWorkerModule } from '@app/supervision';
import { ContractsModule, ContractsWorkerModule } from '@app/contracts';
import { AssetsModule, AssetsWorkerModule } from '@app/assets';
import { dataSourceOptions } from '../../../migrations/data-source-options.js';
import { HealthController } from './health/health.controller.js';
import { defaultWebRoot, webAppModule } from './web-app.js';

export interface ApiModuleOptions {
  config: AppConfig & { databaseUrl: string };
  /** The demo runs the queue processors in the same process; production runs apps/worker. */
  withProcessors?: boolean;
  logStream?: NodeJS.WritableStream;
  /** The built web app to serve at `/` (default: dist/web when built; null: none). */
  webRoot?: string | null;
}

@Module({})
export class ApiModule {
  static register(options: ApiModuleOptions): DynamicModule {
    const { config } = options;
    const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot({ config, dataSource: dataSourceOptions(config.databaseUrl, config.dbPoolSize), logStream: options.logStream }),
        QueueModule.forRoot(config),
        TerminusModule,
        AuthModule,
        AuditModule,
        OrganizationsModule,
        LedgerModule,
        SharesModule,
        DividendsModule,
        ExportsModule,
        SupervisionModule,
        ContractsModule,
        AssetsModule,
        JobsModule,
        ...(options.withProcessors ? [AuditWorkerModule, SharesWorkerModule, DividendsWorkerModule, ExportsWorkerModule, SupervisionWorkerModule, ContractsWorkerModule, AssetsWorkerModule] : []),
        ...(webRoot ? [webAppModule(webRoot)] : []),
      ],
      controllers: [HealthController],
    };
  }
}
