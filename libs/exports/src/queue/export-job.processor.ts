import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { RequestContext } from '@app/core';
import type { ExportJobData, ExportJobResult } from '../export-types.js';
import { ExportJobsService } from '../export-jobs.service.js';
import { EXPORTS_QUEUE } from './exports-queue.js';

/**
 * The `exports` queue: one export at a time per worker process (Bull's default concurrency of 1), so
 * a worker's memory is one export's bounded buffer whatever the queue holds. A killed worker's job is
 * retried by another worker once its lock expires, and starts the file again.
 */
@Processor(EXPORTS_QUEUE)
export class ExportJobProcessor {
  constructor(private readonly exports: ExportJobsService) {}

  @Process('export')
  async export(job: Job<ExportJobData>): Promise<ExportJobResult> {
    let reported = 0;
    const result = await RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () =>
      this.exports.produce(String(job.id), job.data, async (done, total) => {
        // Whole percents only, and 100 only once the file is in place: one Redis write per step.
        const percent = total === 0 ? 99 : Math.min(99, Math.floor((done * 100) / total));
        if (percent > reported) {
          reported = percent;
          await job.progress(percent);
        }
      }),
    );
    await job.progress(100);
    return result;
  }
}
