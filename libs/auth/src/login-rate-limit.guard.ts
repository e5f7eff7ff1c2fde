import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, DomainError, ErrorCode, RedisClient } from '@app/core';
import type { AppConfig } from '@app/core';

const WINDOW_MS = 60_000;

/**
 * Login attempts per client address and username in a fixed one-minute window, counted in Redis so
 * every API process shares the count. One villager's typos don't lock out the whole office. If Redis
 * is unreachable the limiter lets the attempt through (logged): the books must not depend on Redis.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private readonly logger = new Logger(LoginRateLimitGuard.name);

  constructor(
    private readonly client: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 100) : '';
    const key = `${this.client.prefix}:ratelimit:login:${req.ip}|${username}`;
    let count: number;
    let ttl: number;
    try {
      const results = await this.client.redis.multi().incr(key).pexpire(key, WINDOW_MS, 'NX').pttl(key).exec();
      count = Number(results?.[0]?.[1]);
      ttl = Number(results?.[2]?.[1]);
    } catch (error) {
      this.logger.error({ err: error }, 'login rate limiter unavailable; attempt allowed');
      return true;
    }
    if (count > this.config.loginRateLimitPerMinute) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(ttl / 1000))));
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many login attempts; try again in a minute', 429);
    }
    return true;
  }
}
