import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { DisclosureService } from './disclosure.service.js';
import { AnswerDto, ObjectionDto, ObjectionQueryDto, ObjectionView, PackQueryDto, PackView } from './dto/supervision.dto.js';

/** A caller whose only role is shareholder reads as a member: their own objections. */
const memberOnly = (p: Principal) => !p.isAdmin && p.grants.every((g) => g.role === 'shareholder');

@ApiTags('disclosure')
@ApiBearerAuth()
@Controller('orgs/:orgId')
export class DisclosureController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Get('disclosure-packs')
  @RequirePermission(Permission.DisclosureRead)
  @ApiPage(PackView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: PackQueryDto) {
    return this.disclosure.list(orgId, q);
  }

  @Get('disclosure-packs/:packId')
  @RequirePermission(Permission.DisclosureRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('packId', UuidPipe) packId: string) {
    return this.disclosure.get(orgId, packId);
  }

  /** A member's 异议 on a line (`lines:3`, `trialBalance:0`, …). */
  @Post('disclosure-packs/:packId/objections')
  @RequirePermission(Permission.DisclosureObject)
  object(@Param('orgId', UuidPipe) orgId: string, @Param('packId', UuidPipe) packId: string, @Body() body: ObjectionDto, @CurrentPrincipal() p: Principal) {
    return this.disclosure.object(orgId, packId, body.lineRef, body.text, p.userId);
  }

  /** The objections (?open=true: those to answer); a member sees their own. */
  @Get('disclosure-objections')
  @RequirePermission(Permission.DisclosureRead)
  @ApiPage(ObjectionView)
  objections(@Param('orgId', UuidPipe) orgId: string, @Query() q: ObjectionQueryDto, @CurrentPrincipal() p: Principal) {
    return this.disclosure.objections(orgId, q, memberOnly(p) ? { filedBy: p.userId } : {});
  }

  @Post('disclosure-objections/:objectionId/answer')
  @HttpCode(200)
  @RequirePermission(Permission.DisclosureAnswer)
  answer(@Param('orgId', UuidPipe) orgId: string, @Param('objectionId', UuidPipe) objectionId: string, @Body() body: AnswerDto, @CurrentPrincipal() p: Principal) {
    return this.disclosure.answer(orgId, objectionId, body.answer, p.userId);
  }
}
