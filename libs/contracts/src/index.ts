export * from './contracts-errors.js';
export * from './schedule.js';
export * from './contracts.service.js';
export * from './accrual.service.js';
export * from './trades.service.js';
export * from './contracts.module.js';
export * from './queue/contracts-queue.js';
