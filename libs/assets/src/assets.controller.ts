import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { sendReport } from '@app/ledger';
import { AssetsService } from './assets.service.js';
import { DepreciationJobsService } from './depreciation-jobs.service.js';
import {
  AssetListQueryDto,
  AssetView,
  AsOfQueryDto,
  ChangeAssetStateDto,
  CreateAssetDto,
  CreateResourceDto,
  DepreciationLineView,
  DepreciationQueryDto,
  DisposeAssetDto,
  RegisterRowView,
  ResourceView,
  RunDepreciationDto,
  RunPreviewView,
  RunView,
  UpdateAssetDto,
  UpdateResourceDto,
} from './dto/assets.dto.js';

/** Fixed-asset cards live in a ledger (their vouchers post there); the books' permissions apply. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/assets')
export class AssetsController {
  constructor(
    private readonly assets: AssetsService,
    private readonly jobs: DepreciationJobsService,
  ) {}

  @Post()
  @RequirePermission(Permission.BooksManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Body() body: CreateAssetDto) {
    return this.assets.create(orgId, ledgerId, body);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(AssetView)
  list(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: AssetListQueryDto) {
    return this.assets.list(orgId, ledgerId, q);
  }

  /** 固定资产台账 as of the end of a month (JSON pages, or the whole register as CSV/XLSX). */
  @Get('register')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(RegisterRowView)
  async register(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: AsOfQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.assets.register(orgId, ledgerId, q.format && q.format !== 'json' ? { ...q, limit: 1000 } : q);
    return sendReport(res, q.format, page, (p) => ({
      title: '固定资产台账',
      filename: `fixed-assets-${q.asOf}`,
      columns: [
        { key: 'cardNo', header: '卡片编号' },
        { key: 'name', header: '资产名称' },
        { key: 'category', header: '类别' },
        { key: 'location', header: '坐落' },
        { key: 'inServiceDate', header: '启用日期' },
        { key: 'cost', header: '原值', money: true },
        { key: 'accumulated', header: '累计折旧', money: true },
        { key: 'netValue', header: '净值', money: true },
        { key: 'state', header: '状态' },
      ],
      rows: p.items as never,
    }));
  }

  /** 折旧明细表 for a range of months. */
  @Get('depreciation')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(DepreciationLineView)
  async depreciation(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: DepreciationQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.assets.depreciationLines(orgId, ledgerId, q.format && q.format !== 'json' ? { ...q, limit: 1000 } : q);
    return sendReport(res, q.format, page, (p) => ({
      title: '折旧明细表',
      filename: `depreciation-${q.from}-${q.to}`,
      columns: [
        { key: 'period', header: '月份' },
        { key: 'cardNo', header: '卡片编号' },
        { key: 'name', header: '资产名称' },
        { key: 'amount', header: '本月折旧', money: true },
        { key: 'units', header: '工作量' },
        { key: 'accumulatedAfter', header: '累计折旧', money: true },
      ],
      rows: p.items as never,
    }));
  }

  @Get('runs')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(RunView)
  runs(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: PageQueryDto) {
    return this.assets.runs(orgId, ledgerId, q);
  }

  /** 202 {jobId}: the month's depreciation runs on the `assets` queue; poll GET /jobs/{jobId}. */
  @Post('runs')
  @HttpCode(202)
  @RequirePermission(Permission.BooksManage)
  run(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Body() body: RunDepreciationDto, @CurrentPrincipal() p: Principal) {
    return this.jobs.enqueue(orgId, ledgerId, body, p.userId);
  }

  /**
   * The month's depreciation as the run would post it with these workloads (工作量法 cards need the
   * month's units), written nowhere: the console shows it before 计提.
   */
  @Post('runs/preview')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  @ApiOkResponse({ type: RunPreviewView })
  preview(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Body() body: RunDepreciationDto): Promise<RunPreviewView> {
    return this.assets.preview(orgId, ledgerId, body.period, body.units ?? []);
  }

  /** SPEC §8: Σ cards' accumulated depreciation = 152, Σ cost = 151, every 151/152/154 line carries a card. */
  @Get('integrity')
  @RequirePermission(Permission.BooksRead)
  integrity(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string) {
    return this.assets.integrity(orgId, ledgerId);
  }

  @Get(':assetId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('assetId', UuidPipe) id: string) {
    return this.assets.get(orgId, ledgerId, id);
  }

  @Patch(':assetId')
  @RequirePermission(Permission.BooksManage)
  update(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('assetId', UuidPipe) id: string, @Body() body: UpdateAssetDto) {
    return this.assets.update(orgId, ledgerId, id, body);
  }

  @Post(':assetId/state')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  state(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('assetId', UuidPipe) id: string, @Body() body: ChangeAssetStateDto) {
    return this.assets.changeState(orgId, ledgerId, id, body);
  }

  @Post(':assetId/disposal')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  dispose(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('assetId', UuidPipe) id: string, @Body() body: DisposeAssetDto) {
    return this.assets.dispose(orgId, ledgerId, id, body);
  }
}

/** 资源性资产: a register of the organization, not of a ledger. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('orgs/:orgId/resources')
export class ResourcesController {
  constructor(private readonly assets: AssetsService) {}

  @Post()
  @RequirePermission(Permission.BooksManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateResourceDto) {
    return this.assets.createResource(orgId, body);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(ResourceView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.assets.resources(orgId, q);
  }

  @Get(':resourceId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('resourceId', UuidPipe) id: string) {
    return this.assets.resource(orgId, id);
  }

  @Patch(':resourceId')
  @RequirePermission(Permission.BooksManage)
  update(@Param('orgId', UuidPipe) orgId: string, @Param('resourceId', UuidPipe) id: string, @Body() body: UpdateResourceDto) {
    return this.assets.updateResource(orgId, id, body);
  }
}
