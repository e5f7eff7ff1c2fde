import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '@app/core';
import type { Principal } from '@app/core';
import { Permission } from '@app/auth';
import { JobsService, JobView } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** State and progress of a queued job; the job's organization is checked against the caller's grants. */
  @Get(':id')
  @RequirePermission(Permission.JobsRead)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<JobView> {
    return this.jobs.get(principal, id);
  }
}
