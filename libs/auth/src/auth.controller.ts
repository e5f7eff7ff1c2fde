import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, NoWriteTransaction, Public, RequirePermission } from '@app/core';
import type { Principal } from '@app/core';
import { AuthService, LoginResult } from './auth.service.js';
import { AddGrantsDto, CreateUserDto } from './dto/create-user.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { Permission } from './permissions.js';
import { UsersService, UserView } from './users.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @NoWriteTransaction()
  @UseGuards(LoginRateLimitGuard)
  login(@Body() body: LoginDto): Promise<LoginResult> {
    return this.auth.login(body.username, body.password);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission(Permission.Self)
  me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.users.view(principal.userId);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission(Permission.UsersManage)
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Get()
  @RequirePermission(Permission.UsersManage)
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post(':userId/grants')
  @RequirePermission(Permission.UsersManage)
  addGrants(@Param('userId', new ParseUUIDPipe()) userId: string, @Body() body: AddGrantsDto): Promise<UserView> {
    return this.users.addGrants(userId, body.grants);
  }
}
