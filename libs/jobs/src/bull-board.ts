import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuthService } from '@app/auth';
import { JOB_QUEUES } from '@app/core';
import { bullBoardAdminMiddleware } from './bull-board-admin.middleware.js';

/**
 * bull-board for admins at `<prefix>/admin/queues`. Mounted as plain express middleware
 * (@bull-board/nestjs is CommonJS and cannot load ESM-only Nest 12 under jest).
 */
export function mountBullBoard(app: INestApplication, basePath: string): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  const queues = JOB_QUEUES.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false })));
  createBullBoard({ queues, serverAdapter: adapter });
  app.use(basePath, bullBoardAdminMiddleware(app.get(AuthService)), adapter.getRouter());
}
