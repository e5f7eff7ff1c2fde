import 'reflect-metadata';
import v8 from 'node:v8';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, exitUnlessDependenciesAnswer, loadConfigOrExit, PinoLoggerService } from '@app/core';

const config = loadConfigOrExit(undefined, false);
if (!config.databaseUrl) {
  process.stderr.write(`${new ConfigValidationError(['DATABASE_URL: required']).message}\n`);
  process.exit(1);
}
await exitUnlessDependenciesAnswer({ ...config, databaseUrl: config.databaseUrl }, 'the worker');
// Loaded once PostgreSQL and Redis answer: a missing one is reported before the processors are loaded.
const { WorkerModule } = await import('./worker.module.js');
const app = await NestFactory.createApplicationContext(WorkerModule.register({ ...config, databaseUrl: config.databaseUrl }), { bufferLogs: true });
app.useLogger(app.get(PinoLoggerService));
app.enableShutdownHooks();
// npm run start:worker gives V8 a heap budget (--max-old-space-size): without one, on a host with a lot
// of memory, V8 lets garbage grow to about four times the live heap before collecting it, and an
// export of a million lines peaks at 300–430 MB instead of about 230 MB (bench/README.md, "Exports").
const heapLimitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024);
app.get(PinoLoggerService).log(`worker started (queues prefix "${config.queuePrefix}", heap limit ${heapLimitMb} MB)`);
