import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ConfigValidationError, loadConfig, processEnv } from '@app/core';

describe('configuration is validated at boot', () => {
  it('applies defaults', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32) });
    expect(config).toEqual({
      databaseUrl: 'postgres://u@h/db',
      redisUrl: 'redis://127.0.0.1:6379',
      jwtSecret: 'x'.repeat(32),
      jwtTtlSeconds: 3600,
      port: 3000,
      queuePrefix: 'cl',
      logLevel: 'info',
      loginRateLimitPerMinute: 10,
      dbPoolSize: 10,
      demoDataDir: '.data',
      demoPgPort: undefined,
      unset: { redisUrl: true, logLevel: true, queuePrefix: true },
      queueLockMs: 30000,
      exportDir: path.join(os.tmpdir(), 'collective-ledger-exports'),
    });
  });

  it('tells the demo which variables were set (it chooses the others itself); DEMO_PG_PORT is a port', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'info', DEMO_PG_PORT: '55432' });
    expect([config.unset, config.demoPgPort]).toEqual([{ redisUrl: false, logLevel: false, queuePrefix: true }, 55432]);
    for (const bad of ['0', '65536', 'five', '5432.5']) {
      expect(() => loadConfig({ DEMO_PG_PORT: bad })).toThrow(/DEMO_PG_PORT=/);
    }
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', REDIS_URL: 'localhost', PORT: 'eighty', JWT_SECRET: 'short', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((p) => p.split('=')[0]).sort();
    expect(problems).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect((error as Error).message).not.toContain('short');
  });

  it('the API process exits 1 with a readable message naming the variables', () => {
    const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'apps/api/src/main.ts'], {
      env: { PATH: processEnv().PATH, PORT: 'eighty', REDIS_URL: 'nowhere' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('PORT="eighty": PORT must be an integer');
    expect(result.stderr).toContain('REDIS_URL="nowhere": REDIS_URL must be a redis:// URL');
    expect(result.stderr).not.toContain('    at ');
  });

  it('the API process refuses to start without DATABASE_URL and JWT_SECRET', () => {
    const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'apps/api/src/main.ts'], {
      env: { PATH: processEnv().PATH },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: required');
    expect(result.stderr).toContain('JWT_SECRET: required (at least 32 characters)');
  });
});
