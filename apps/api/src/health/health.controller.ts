import { InjectQueue } from '@nestjs/bull';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AUDIT_QUEUE } from '@app/audit';
import { DomainError, ErrorCode, Public } from '@app/core';

/** Liveness (the process answers) and readiness (database, Redis, every migration applied). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue,
  ) {}

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  /**
   * 200 with each dependency's status; else 503 in the API's error shape, its message naming what is
   * down and its details each dependency's status.
   */
  @Get('ready')
  @Public()
  @HealthCheck()
  async ready() {
    const checks = this.health.check([
      () => this.check('database', async () => void (await this.dataSource.query('SELECT 1'))),
      () => this.check('redis', async () => void (await withTimeout(this.queue.client.ping(), 1000))),
      () =>
        this.check('migrations', async () => {
          if (await this.dataSource.showMigrations()) throw new Error('pending migrations: run `npm run cli -- migrate`');
        }),
    ]);
    try {
      return await checks;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const details = (error.getResponse() as { details: Record<string, { status: string; message?: string }> }).details;
      const down = Object.entries(details).filter(([, d]) => d.status !== 'up');
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `Not ready: ${down.map(([key, d]) => `${key} is down (${d.message})`).join('; ')}`, 503, details);
    }
  }

  private async check(key: string, probe: () => Promise<void>) {
    const session = this.indicators.check(key);
    try {
      await probe();
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  const timeout = new Promise<T>((_, reject) => {
    setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref();
  });
  return Promise.race([promise, timeout]);
}
