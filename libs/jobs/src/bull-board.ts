import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { AuthService } from '@app/auth';
import { bullBoardAdminMiddleware } from './bull-board-admin.middleware.js';
import { JobQueues } from './job-queues.js';

/**
 * bull-board for admins at `<prefix>/admin/queues`. Mounted as plain express middleware
 * (@bull-board/nestjs is CommonJS and cannot load ESM-only Nest 12 under jest).
 */
export function mountBullBoard(app: INestApplication, basePath: string): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  const queues = app.get(JobQueues, { strict: false }).all().map((queue) => new BullAdapter(queue));
  createBullBoard({ queues, serverAdapter: adapter });
  app.use(basePath, bullBoardAdminMiddleware(app.get(AuthService)), adapter.getRouter());
}
