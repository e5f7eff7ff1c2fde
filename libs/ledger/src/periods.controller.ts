import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { ApiPage, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import { PeriodView, ReopenPeriodDto } from './dto/books.dto.js';
import { PeriodsService } from './periods.service.js';

@ApiTags('books')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('periods')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(PeriodView)
  list(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: PageQueryDto) {
    return this.periods.page(orgId, ledgerId, q);
  }

  @Post('periods/:period/close')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  close(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('period') period: string) {
    return this.periods.close(orgId, ledgerId, period);
  }

  @Post('periods/:period/reopen')
  @HttpCode(200)
  @RequirePermission(Permission.PeriodReopen)
  reopen(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('period') period: string, @Body() body: ReopenPeriodDto) {
    return this.periods.reopen(orgId, ledgerId, period, body.reason);
  }

  @Post('years/:year/close')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  closeYear(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('year') year: string) {
    return this.periods.closeYear(orgId, ledgerId, year);
  }
}
