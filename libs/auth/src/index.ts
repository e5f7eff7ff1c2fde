export * from './user.entity.js';
export * from './permissions.js';
export * from './tenancy.service.js';
export * from './auth.service.js';
export * from './users.service.js';
export * from './access.guard.js';
export * from './auth.module.js';
export * from './dto/create-user.dto.js';
