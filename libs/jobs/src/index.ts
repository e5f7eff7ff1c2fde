export * from './queue.module.js';
export * from './jobs.service.js';
export * from './job-queues.js';
export * from './jobs.module.js';
export * from './bull-board.js';
