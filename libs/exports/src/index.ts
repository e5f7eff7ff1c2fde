export * from './hledger-export.service.js';
export * from './exports.module.js';
