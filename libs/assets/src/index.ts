export * from './assets.service.js';
export * from './assets-errors.js';
export * from './depreciation.js';
export * from './depreciation-jobs.service.js';
export * from './dto/assets.dto.js';
export * from './assets.module.js';
export * from './queue/depreciation-queue.js';
export * from './assets.entities.js';
