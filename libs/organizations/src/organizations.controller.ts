import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import type { Page, Principal } from '@app/core';
import { CreateOrganizationDto, OrganizationView, SettingsView, UpdateSettingsDto } from './dto/organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('orgs')
export class OrganizationsController {
  constructor(private readonly orgs: OrganizationsService) {}

  @Post()
  @RequirePermission(Permission.OrgCreate)
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationView> {
    return this.orgs.create(body);
  }

  /** The organizations the caller's grants cover (all of them for an admin). */
  @Get()
  @RequirePermission(Permission.Self)
  @ApiPage(OrganizationView)
  list(@CurrentPrincipal() principal: Principal, @Query() q: PageQueryDto): Promise<Page<OrganizationView>> {
    return this.orgs.list(principal, q);
  }

  @Get(':orgId')
  @RequirePermission(Permission.OrgRead)
  get(@Param('orgId', UuidPipe) orgId: string): Promise<OrganizationView> {
    return this.orgs.get(orgId);
  }

  @Get(':orgId/settings')
  @RequirePermission(Permission.OrgRead)
  settings(@Param('orgId', UuidPipe) orgId: string): Promise<SettingsView> {
    return this.orgs.settings(orgId);
  }

  @Patch(':orgId/settings')
  @RequirePermission(Permission.OrgSettingsWrite)
  updateSettings(@Param('orgId', UuidPipe) orgId: string, @Body() body: UpdateSettingsDto): Promise<SettingsView> {
    return this.orgs.updateSettings(orgId, body);
  }
}
