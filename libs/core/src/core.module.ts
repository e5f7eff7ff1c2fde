import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { Clock } from './clock.js';
import { BookHooks } from './hooks/book-hooks.js';
import { IntegrityChecks } from './hooks/integrity-checks.js';
import { APP_CONFIG, AppConfig } from './config/app-config.js';
import { TransactionRunner } from './db/transaction-runner.js';
import { Pager } from './http/pagination.js';
import { WriteTransactionInterceptor } from './http/write-transaction.interceptor.js';
import { IdempotencyRepository } from './idempotency/idempotency.repository.js';
import { createRootLogger, PinoLoggerService } from './logging/logger-options.js';
import { RedisClient } from './redis.js';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface CoreModuleOptions {
  config: AppConfig;
  dataSource: DataSourceOptions;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

/** Config, logging, the database and the one-transaction-per-write rule; shared by api, worker and cli. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: options.config },
      TransactionRunner,
      IdempotencyRepository,
      { provide: APP_INTERCEPTOR, useClass: WriteTransactionInterceptor },
      { provide: ROOT_LOGGER, useValue: createRootLogger(options.config.logLevel, options.logStream) },
      { provide: PinoLoggerService, inject: [ROOT_LOGGER], useFactory: (logger: ReturnType<typeof createRootLogger>) => new PinoLoggerService(logger) },
      RedisClient,
      Clock,
      Pager,
      BookHooks,
      IntegrityChecks,
    ];
    return {
      module: CoreModule,
      imports: [
        // The validated config is the only source; @nestjs/config exposes it as 'app' for libraries that want ConfigService.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [registerAs('app', () => ({ ...options.config }))] }),
        TypeOrmModule.forRoot({ ...options.dataSource, synchronize: false, migrationsRun: false }),
      ],
      providers,
      exports: [APP_CONFIG, TransactionRunner, IdempotencyRepository, ROOT_LOGGER, PinoLoggerService, RedisClient, Clock, Pager, BookHooks, IntegrityChecks],
    };
  }
}
