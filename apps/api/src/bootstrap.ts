import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AllExceptionsFilter, createHttpLogger, createJsonBodyParser, createValidationPipe, ensureRequestId, PinoLoggerService, refuseHostileInput, RequestContext, ROOT_LOGGER } from '@app/core';
import { mountBullBoard } from '@app/jobs';
import { IMPORT_LIMITS, IMPORT_ROUTE } from '@app/ledger';
import { ApiModule, ApiModuleOptions } from './app.module.js';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApiApp(options: ApiModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(PinoLoggerService));
  app.set('trust proxy', 'loopback');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = ensureRequestId(req as never);
    res.setHeader('X-Request-Id', requestId);
    RequestContext.run({ requestId, principal: null }, () => next());
  });
  app.use(createHttpLogger(app.get(ROOT_LOGGER)));
  // Our own body parsers (Nest's are off): each refuses JSON nested deeper than MAX_JSON_DEPTH before
  // parsing. The bulk import takes up to IMPORT_LIMITS.bodyBytes of JSON; every other route keeps the
  // default 100 kB, and so does a request without a bearer token (no big parse before the access
  // guard's 401). Then hostile characters and keys are refused for every body, query and path.
  const importJson = createJsonBodyParser(IMPORT_LIMITS.bodyBytes);
  app.use(`/${API_PREFIX}/${IMPORT_ROUTE}`, function importBody(req: Request, res: Response, next: NextFunction) {
    if (!req.headers.authorization?.startsWith('Bearer ')) return next();
    importJson(req, res, next);
  });
  app.use(createJsonBodyParser('100kb'));
  app.use(refuseHostileInput);
  mountBullBoard(app, `/${API_PREFIX}/admin/queues`);
  setGlobalPrefix(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app));
  await app.init();
  return app;
}

function setGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('collective-ledger')
    .setDescription('Books (三资), share register (股权) and year-end distribution (分红) of rural collective economic organizations')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/**
 * The OpenAPI document without a database or Redis: Nest's preview mode builds the module graph
 * (controllers, DTOs, routes) without instantiating a provider, so nothing connects.
 */
export async function buildOpenApiDocument(options: ApiModuleOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.register(options), { preview: true, logger: false, abortOnError: false });
  setGlobalPrefix(app);
  const document = openApiDocument(app);
  await app.close();
  return document;
}
