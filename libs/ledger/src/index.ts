export * from './ledger.entities.js';
export * from './ledger-errors.js';
export * from './chart-template.js';
export * from './ledgers.service.js';
export * from './vouchers.service.js';
export * from './periods.service.js';
export * from './reports.service.js';
export * from './ledger.module.js';
