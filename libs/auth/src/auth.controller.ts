import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPage, CurrentPrincipal, NoWriteTransaction, PageQueryDto, Public, RequirePermission, UuidPipe } from '@app/core';
import type { Page, Principal } from '@app/core';
import { AuthService, LoginResult } from './auth.service.js';
import { AddGrantsDto, CreateUserDto, UserView } from './dto/create-user.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { Permission } from './permissions.js';
import { UsersService } from './users.service.js';

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
  @ApiPage(UserView)
  list(@Query() q: PageQueryDto): Promise<Page<UserView>> {
    return this.users.list(q);
  }

  @Post(':userId/grants')
  @RequirePermission(Permission.UsersManage)
  addGrants(@Param('userId', UuidPipe) userId: string, @Body() body: AddGrantsDto): Promise<UserView> {
    return this.users.addGrants(userId, body.grants);
  }
}
