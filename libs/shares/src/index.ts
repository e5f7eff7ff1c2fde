export * from './shares.entities.js';
export * from './shares-errors.js';
export * from './register.service.js';
export * from './share-events.service.js';
export * from './shares.module.js';
export * from './queue/shares-queue.js';
