import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * The only place that reads the process environment (DEVELOPERS.md rule 6).
 * Everything else receives an AppConfig.
 */
class EnvironmentVariables {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : intOrNaN(value)))
  @Min(60)
  @Max(86400 * 7)
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer' })
  JWT_TTL_SECONDS: number = 3600;

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : intOrNaN(value)))
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'PORT must be an integer' })
  PORT: number = 3000;

  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'QUEUE_PREFIX must be 1-32 characters of [A-Za-z0-9_-]' })
  QUEUE_PREFIX: string = 'cl';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(({ value }) => (value === undefined || value === '' ? 10 : intOrNaN(value)))
  @Min(1)
  @IsInt({ message: 'LOGIN_RATE_LIMIT must be an integer' })
  LOGIN_RATE_LIMIT: number = 10;

  @Transform(({ value }) => (value === undefined || value === '' ? 10 : intOrNaN(value)))
  @Min(1)
  @Max(200)
  @IsInt({ message: 'DB_POOL_SIZE must be an integer' })
  DB_POOL_SIZE: number = 10;

  @IsOptional()
  @IsString()
  DEMO_DATA_DIR?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : intOrNaN(value)))
  @IsOptional()
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'DEMO_PG_PORT must be an integer' })
  DEMO_PG_PORT?: number;

  @Transform(({ value }) => (value === undefined || value === '' ? 30000 : intOrNaN(value)))
  @Min(500)
  @IsInt({ message: 'QUEUE_LOCK_MS must be an integer' })
  QUEUE_LOCK_MS: number = 30000;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EXPORT_DIR?: string;
}

function intOrNaN(value: unknown): number {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : Number.NaN;
}

export interface AppConfig {
  /** Unset only for the demo, which then starts an embedded PostgreSQL. */
  databaseUrl?: string;
  redisUrl: string;
  jwtSecret?: string;
  jwtTtlSeconds: number;
  port: number;
  queuePrefix: string;
  logLevel: string;
  loginRateLimitPerMinute: number;
  dbPoolSize: number;
  demoDataDir: string;
  /** The demo's embedded PostgreSQL port; unset: a free one. */
  demoPgPort?: number;
  /**
   * Variables left unset (so at their default above): the demo then chooses for itself — its own
   * Redis when nothing answers at the default address, `warn` logs, a queue prefix of its own.
   */
  unset: { redisUrl: boolean; logLevel: boolean; queuePrefix: boolean };
  /** How long a worker holds a job before Bull deems it stalled (a killed worker's job is retried after this). */
  queueLockMs: number;
  /**
   * Where queued exports are written (absolute). The API serves the files the worker writes, so
   * with separate worker hosts this must be a directory they share.
   */
  exportDir: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates the environment; throws one error naming every bad variable. */
export function loadConfig(env: Env = processEnv()): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Env = {};
  for (const key of [...known, 'DATABASE_URL', 'JWT_SECRET', 'DEMO_DATA_DIR', 'DEMO_PG_PORT', 'EXPORT_DIR']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const parsed = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const value = e.property === 'JWT_SECRET' || e.property === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(raw[e.property]);
      return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigValidationError(problems);
  }
  return {
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    jwtSecret: parsed.JWT_SECRET,
    jwtTtlSeconds: parsed.JWT_TTL_SECONDS,
    port: parsed.PORT,
    queuePrefix: parsed.QUEUE_PREFIX,
    logLevel: parsed.LOG_LEVEL,
    loginRateLimitPerMinute: parsed.LOGIN_RATE_LIMIT,
    dbPoolSize: parsed.DB_POOL_SIZE,
    demoDataDir: parsed.DEMO_DATA_DIR ?? '.data',
    demoPgPort: parsed.DEMO_PG_PORT,
    unset: { redisUrl: raw.REDIS_URL === undefined, logLevel: raw.LOG_LEVEL === undefined, queuePrefix: raw.QUEUE_PREFIX === undefined },
    queueLockMs: parsed.QUEUE_LOCK_MS,
    exportDir: path.resolve(parsed.EXPORT_DIR ?? path.join(os.tmpdir(), 'collective-ledger-exports')),
  };
}

/** Services (API, worker) need a database and a signing secret; the demo supplies both itself. */
export function requireServiceConfig(config: AppConfig): Required<Pick<AppConfig, 'databaseUrl' | 'jwtSecret'>> & AppConfig {
  const problems: string[] = [];
  if (!config.databaseUrl) problems.push('DATABASE_URL: required (use `npm run demo` for an embedded database)');
  if (!config.jwtSecret) problems.push('JWT_SECRET: required (at least 32 characters)');
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config as Required<Pick<AppConfig, 'databaseUrl' | 'jwtSecret'>> & AppConfig;
}

export function processEnv(): Env {
  return process.env;
}

/** For entry points: print the readable message and exit 1 instead of a stack trace. */
export function loadConfigOrExit(env: Env = processEnv(), requireService = true): AppConfig {
  try {
    const config = loadConfig(env);
    return requireService ? requireServiceConfig(config) : config;
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
