import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/core';

/**
 * Bull on Redis, configured once. The key prefix separates environments (and test runs) sharing a
 * Redis. Redis holds queue state only: plans and results live in PostgreSQL (SPEC §4).
 */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          url: config.redisUrl,
          prefix: config.queuePrefix,
          // A worker that dies mid-job loses its lock; the job is then retried by another worker.
          settings: { lockDuration: config.queueLockMs, stalledInterval: Math.max(250, Math.floor(config.queueLockMs / 2)), maxStalledCount: 3 },
          defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 },
        }),
      ],
      exports: [BullModule],
    };
  }
}
