import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/** The generic job resource (GET /jobs/{id}), for the API. bull-board is mounted by mountBullBoard(). */
@Module({
  imports: [AuthModule],
  controllers: [JobsController],
  providers: [JobsService],
})
export class JobsModule {}
