import { DataSource } from 'typeorm';
import { loadConfig } from '@app/core';
import { dataSourceOptions } from './data-source-options.js';

/** For the TypeORM CLI (`npm run migration:generate -- migrations/Name`). */
const config = loadConfig();
if (!config.databaseUrl) throw new Error('DATABASE_URL is required for the TypeORM CLI');
export default new DataSource(dataSourceOptions(config.databaseUrl));
