import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { ReverseVoucherDto, VoucherDto, VoucherListQueryDto, VoucherView } from './dto/books.dto.js';
import { VouchersService } from './vouchers.service.js';

@ApiTags('books')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/vouchers')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post()
  @RequirePermission(Permission.VoucherDraft)
  draft(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: VoucherDto, @CurrentPrincipal() p: Principal) {
    return this.vouchers.draft(orgId, ledgerId, body, p.userId);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(VoucherView)
  list(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: VoucherListQueryDto) {
    return this.vouchers.list(orgId, ledgerId, q);
  }

  @Get(':voucherId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string) {
    return this.vouchers.view(orgId, ledgerId, id);
  }

  @Put(':voucherId')
  @RequirePermission(Permission.VoucherDraft)
  update(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @Body() body: VoucherDto) {
    return this.vouchers.update(orgId, ledgerId, id, body);
  }

  @Delete(':voucherId')
  @HttpCode(204)
  @RequirePermission(Permission.VoucherDraft)
  remove(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string) {
    return this.vouchers.remove(orgId, ledgerId, id);
  }

  @Post(':voucherId/review')
  @HttpCode(200)
  @RequirePermission(Permission.VoucherReview)
  review(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @CurrentPrincipal() p: Principal) {
    return this.vouchers.review(orgId, ledgerId, id, p.userId);
  }

  @Post(':voucherId/post')
  @HttpCode(200)
  @RequirePermission(Permission.VoucherPost)
  post(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @CurrentPrincipal() p: Principal) {
    return this.vouchers.post(orgId, ledgerId, id, p.userId);
  }

  @Post(':voucherId/reverse')
  @RequirePermission(Permission.VoucherPost)
  reverse(
    @Param('orgId', UuidPipe) orgId: string,
    @Param('ledgerId') ledgerId: string,
    @Param('voucherId') id: string,
    @Body() body: ReverseVoucherDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.vouchers.reverse(orgId, ledgerId, id, body, p.userId);
  }
}
