export * from './organization.entity.js';
export * from './dto/organization.dto.js';
export * from './organizations.service.js';
export * from './organizations.module.js';
