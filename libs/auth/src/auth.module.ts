import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/core';
import { AccessGuard } from './access.guard.js';
import { AuthController, MeController, UsersController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { TenancyService } from './tenancy.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // The HS256 key as a KeyObject made once: given a string, jsonwebtoken first tries it as a PEM
      // public key (a thrown error), then derives the secret key, on every verification — 0.45 ms a
      // request against 0.01 ms (bench/books-auth.bench.ts).
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret === undefined ? undefined : createSecretKey(Buffer.from(config.jwtSecret)), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, MeController, UsersController],
  providers: [AuthService, TenancyService, UsersService, UsersRepository, LoginRateLimitGuard, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, TenancyService, UsersService],
})
export class AuthModule {}
