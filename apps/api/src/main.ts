import 'reflect-metadata';
import { exitUnlessDependenciesAnswer, loadConfigOrExit } from '@app/core';

const config = loadConfigOrExit() as ReturnType<typeof loadConfigOrExit> & { databaseUrl: string };
await exitUnlessDependenciesAnswer(config, 'the API');
// Loaded once PostgreSQL and Redis answer: a missing one is reported before the whole API is loaded.
const { createApiApp } = await import('./bootstrap.js');
const app = await createApiApp({ config });
await app.listen(config.port);
