export * from './hledger-export.service.js';
export * from './gbt24589-export.service.js';
export * from './export-jobs.service.js';
export * from './export-types.js';
export * from './exports-errors.js';
export * from './dto/request-export.dto.js';
export * from './exports.module.js';
export * from './queue/exports-queue.js';
