import 'reflect-metadata';
import { loadConfigOrExit } from '@app/core';
import { createApiApp } from './bootstrap.js';

const config = loadConfigOrExit();
const app = await createApiApp({ config: config as typeof config & { databaseUrl: string } });
await app.listen(config.port);
