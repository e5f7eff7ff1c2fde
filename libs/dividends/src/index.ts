export * from './dividends.entities.js';
export * from './dividends-errors.js';
export * from './distributions.service.js';
export * from './payments.service.js';
export * from './dividends.module.js';
export * from './queue/year-end-queue.js';
