import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { JobsController } from './jobs.controller.js';
import { JobQueues } from './job-queues.js';
import { JobsService } from './jobs.service.js';

/** The generic job resource (GET /jobs/{id}), for the API. bull-board is mounted by mountBullBoard(). */
@Module({
  imports: [AuthModule, DiscoveryModule],
  controllers: [JobsController],
  providers: [JobsService, JobQueues],
})
export class JobsModule {}
