export * from './audit-entry.entity.js';
export * from './entity-snapshots.js';
export * from './audit.service.js';
export * from './audit-log.service.js';
export * from './audit.module.js';
export * from './queue/audit-queue.js';
