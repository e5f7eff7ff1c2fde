import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, loadConfigOrExit, PinoLoggerService } from '@app/core';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit(undefined, false);
if (!config.databaseUrl) {
  process.stderr.write(`${new ConfigValidationError(['DATABASE_URL: required']).message}\n`);
  process.exit(1);
}
const app = await NestFactory.createApplicationContext(WorkerModule.register({ ...config, databaseUrl: config.databaseUrl }), { bufferLogs: true });
app.useLogger(app.get(PinoLoggerService));
app.enableShutdownHooks();
app.get(PinoLoggerService).log(`worker started (queues prefix "${config.queuePrefix}")`);
