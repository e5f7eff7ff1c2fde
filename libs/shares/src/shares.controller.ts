import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MemberOnly, Permission } from '@app/auth';
import { ApiPage, Clock, CurrentPrincipal, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { drained, streamReport } from '@app/ledger';
import type { ReportStream } from '@app/ledger';
import {
  CreateHouseholdDto,
  CreateShareClassDto,
  CreateShareEventDto,
  CreateShareholderDto,
  HoldingsQueryDto,
  HoldingView,
  HouseholdView,
  MyHoldingsQueryDto,
  MyHoldingsView,
  MyShareEventView,
  MergeHouseholdDto,
  MoveShareholderDto,
  ReasonDto,
  RegisterQueryDto,
  SetHouseholdHeadDto,
  ShareClassView,
  ShareEventListItem,
  ShareEventQueryDto,
  ShareholderView,
  ShareholderQueryDto,
  SplitHouseholdDto,
  UpdateShareholderDto,
} from './dto/shares.dto.js';
import { RegisterService } from './register.service.js';
import type { RegisterHead, RegisterItem } from './register.service.js';
import { ShareEventsService } from './share-events.service.js';


/** Full 身份证 and bank account numbers are shown to the organization's accountants only. */
const reveals = (p: Principal, orgId: string) => p.grants.some((g) => g.orgId === orgId && g.role === 'accountant');

@ApiTags('shares')
@ApiBearerAuth()
@Controller('orgs/:orgId')
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    private readonly clock: Clock,
  ) {}

  @Post('households')
  @RequirePermission(Permission.SharesManage)
  createHousehold(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateHouseholdDto) {
    return this.register.createHousehold(orgId, body);
  }

  @Get('households')
  @RequirePermission(Permission.SharesRead)
  @ApiPage(HouseholdView)
  households(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.register.households(orgId, q);
  }

  @Post('households/:householdId/head')
  @HttpCode(200)
  @RequirePermission(Permission.SharesManage)
  setHead(@Param('orgId', UuidPipe) orgId: string, @Param('householdId') id: string, @Body() body: SetHouseholdHeadDto) {
    return this.register.setHead(orgId, id, body.headShareholderId);
  }

  @Post('households/:householdId/split')
  @RequirePermission(Permission.SharesManage)
  split(@Param('orgId', UuidPipe) orgId: string, @Param('householdId') id: string, @Body() body: SplitHouseholdDto) {
    return this.register.split(orgId, id, body);
  }

  @Post('households/:householdId/merge')
  @HttpCode(200)
  @RequirePermission(Permission.SharesManage)
  merge(@Param('orgId', UuidPipe) orgId: string, @Param('householdId') id: string, @Body() body: MergeHouseholdDto) {
    return this.register.merge(orgId, id, body.intoHouseholdId);
  }

  @Post('shareholders')
  @RequirePermission(Permission.SharesManage)
  createShareholder(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateShareholderDto, @CurrentPrincipal() p: Principal) {
    return this.register.createShareholder(orgId, body, reveals(p, orgId));
  }

  @Get('shareholders')
  @RequirePermission(Permission.SharesRead)
  @ApiPage(ShareholderView)
  shareholders(@Param('orgId', UuidPipe) orgId: string, @Query() q: ShareholderQueryDto, @CurrentPrincipal() p: Principal) {
    return this.register.shareholders(orgId, q, reveals(p, orgId));
  }

  @Get('shareholders/:shareholderId')
  @RequirePermission(Permission.SharesRead)
  shareholder(@Param('orgId', UuidPipe) orgId: string, @Param('shareholderId') id: string, @CurrentPrincipal() p: Principal) {
    return this.register.shareholder(orgId, id, reveals(p, orgId));
  }

  @Patch('shareholders/:shareholderId')
  @RequirePermission(Permission.SharesManage)
  updateShareholder(@Param('orgId', UuidPipe) orgId: string, @Param('shareholderId') id: string, @Body() body: UpdateShareholderDto, @CurrentPrincipal() p: Principal) {
    return this.register.updateShareholder(orgId, id, body, reveals(p, orgId));
  }

  @Post('shareholders/:shareholderId/move')
  @HttpCode(200)
  @RequirePermission(Permission.SharesManage)
  move(@Param('orgId', UuidPipe) orgId: string, @Param('shareholderId') id: string, @Body() body: MoveShareholderDto, @CurrentPrincipal() p: Principal) {
    return this.register.move(orgId, id, body.householdId, reveals(p, orgId));
  }

  @Post('share-classes')
  @RequirePermission(Permission.SharesManage)
  createShareClass(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateShareClassDto) {
    return this.register.createShareClass(orgId, body);
  }

  @Get('share-classes')
  @RequirePermission(Permission.SharesRead)
  @ApiPage(ShareClassView)
  shareClasses(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.register.shareClassPage(orgId, q);
  }

  /** Current holdings (the maintained projection), or as of a date (replayed from the effective events). */
  @Get('holdings')
  @RequirePermission(Permission.SharesRead)
  @ApiPage(HoldingView)
  holdings(@Param('orgId', UuidPipe) orgId: string, @Query() q: HoldingsQueryDto) {
    return this.register.holdingPage(orgId, q);
  }

  /** For auditors: maintained holdings against the replay of the effective events, and the replay on every date. */
  @Get('register/integrity')
  @RequirePermission(Permission.SharesRead)
  registerIntegrity(@Param('orgId', UuidPipe) orgId: string) {
    return this.register.integrity(orgId);
  }

  /**
   * 股东名册 as of a date, per shareholder or per household; JSON, CSV or XLSX, each streamed from the
   * register's cursor as it is read (100,000 holders never whole in memory). A failure before the
   * first lines answers with its error status; one after them cuts the download short.
   */
  @Get('register')
  @RequirePermission(Permission.SharesRead)
  async registerReport(@Param('orgId', UuidPipe) orgId: string, @Query() q: RegisterQueryDto, @CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    const asOf = q.asOf ?? this.clock.today();
    const by = q.by ?? 'shareholder';
    const format = q.format ?? 'json';
    let out: RegisterOut | undefined;
    try {
      const totals = await this.register.streamRegister(orgId, asOf, by, reveals(p, orgId), {
        start: async (head) => {
          out = format === 'json' ? registerJson(res, head) : tableOut(streamReport(res, format, registerTable(head)));
        },
        items: (items) => out!.rows(items),
      });
      await out!.end(totals);
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy(error as Error);
    }
  }
}

/** Where the register's lines go: rows batch by batch, then the totals (which a table leaves out). */
interface RegisterOut {
  rows(items: RegisterItem[]): Promise<void>;
  end(totals: Record<string, string>): Promise<void>;
}

const tableOut = (table: ReportStream): RegisterOut => ({ rows: (items) => table.rows(items), end: () => table.end() });

/** The 股东名册's columns as a table: its key columns, one per class, the total. */
function registerTable(head: RegisterHead) {
  const keyColumns =
    head.by === 'household'
      ? [
          { key: 'household', header: '户号' },
          { key: 'address', header: '地址' },
        ]
      : [
          { key: 'number', header: '股东编号' },
          { key: 'name', header: '姓名' },
          { key: 'idNumber', header: '身份证号' },
          { key: 'household', header: '户号' },
          { key: 'member', header: '成员' },
        ];
  return { title: '股东名册', filename: `register-${head.asOf}`, columns: [...keyColumns, ...head.classes.map((c) => ({ key: c.code, header: c.name })), { key: 'total', header: '合计' }] };
}

/** `{asOf, by, classes, items, totals}` written as it comes: the items batch by batch, the totals (known only at the end) last. */
function registerJson(res: Response, head: RegisterHead): RegisterOut {
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const opening = JSON.stringify({ ...head, items: [] });
  res.write(opening.slice(0, -2));
  let first = true;
  return {
    async rows(items: RegisterItem[]) {
      let text = '';
      for (const item of items) {
        text += (first ? '' : ',') + JSON.stringify(item);
        first = false;
      }
      res.write(text);
      await drained(res);
    },
    async end(totals) {
      res.end(`],"totals":${JSON.stringify(totals)}}`);
    },
  };
}

@ApiTags('shares')
@ApiBearerAuth()
@Controller('orgs/:orgId/share-events')
export class ShareEventsController {
  constructor(private readonly events: ShareEventsService) {}

  @Post()
  @RequirePermission(Permission.SharesManage)
  apply(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateShareEventDto, @CurrentPrincipal() p: Principal) {
    return this.events.apply(orgId, body, p.userId);
  }

  @Get()
  @RequirePermission(Permission.SharesRead)
  @ApiPage(ShareEventListItem)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: ShareEventQueryDto) {
    return this.events.list(orgId, q);
  }

  /** Finalizes every event whose 公示 has ended (the scheduled sweep runs the same for each organization). */
  @Post('finalize-due')
  @HttpCode(200)
  @RequirePermission(Permission.SharesApprove)
  finalizeDue(@Param('orgId', UuidPipe) orgId: string, @CurrentPrincipal() p: Principal) {
    return this.events.finalizeDue(orgId, p.userId);
  }

  @Get(':eventId')
  @RequirePermission(Permission.SharesRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string) {
    return this.events.view(orgId, id);
  }

  @Post(':eventId/approve')
  @HttpCode(200)
  @RequirePermission(Permission.SharesApprove)
  approve(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @CurrentPrincipal() p: Principal) {
    return this.events.approve(orgId, id, p.userId);
  }

  @Post(':eventId/objections')
  @HttpCode(200)
  @RequirePermission(Permission.SharesObject)
  object(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @Body() body: ReasonDto, @CurrentPrincipal() p: Principal, @MemberOnly() member: boolean) {
    // A member objecting is answered as /me/share-events answers them: their own legs, nobody else's.
    // (A supervisor reaches the organization through a town grant: staff, answered in full.)
    return this.events.object(orgId, id, p.userId, body.reason, member ? p.shareholderId : undefined);
  }

  @Post(':eventId/finalize')
  @HttpCode(200)
  @RequirePermission(Permission.SharesApprove)
  finalize(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @CurrentPrincipal() p: Principal) {
    return this.events.finalize(orgId, id, p.userId);
  }

  @Post(':eventId/reject')
  @HttpCode(200)
  @RequirePermission(Permission.SharesApprove)
  reject(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @Body() body: ReasonDto) {
    return this.events.reject(orgId, id, body.reason);
  }

  @Post(':eventId/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.SharesApprove)
  cancel(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @Body() body: ReasonDto) {
    return this.events.cancel(orgId, id, body.reason);
  }

  @Post(':eventId/withdraw')
  @HttpCode(200)
  @RequirePermission(Permission.SharesManage)
  withdraw(@Param('orgId', UuidPipe) orgId: string, @Param('eventId') id: string, @Body() body: ReasonDto) {
    return this.events.withdraw(orgId, id, body.reason);
  }
}

@ApiTags('shares')
@ApiBearerAuth()
@Controller('me')
export class MySharesController {
  constructor(
    private readonly register: RegisterService,
    private readonly events: ShareEventsService,
  ) {}

  /** For a shareholder: their own record (unmasked) and holdings, nothing of anyone else. */
  @Get('holdings')
  @RequirePermission(Permission.Self)
  @ApiPage(MyHoldingsView)
  holdings(@CurrentPrincipal() p: Principal, @Query() q: MyHoldingsQueryDto) {
    return this.register.minePage(p, q);
  }

  /** For a shareholder: every share event touching their holdings, with their own legs only. */
  @Get('share-events')
  @RequirePermission(Permission.Self)
  @ApiPage(MyShareEventView)
  shareEvents(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto) {
    return this.events.mine(p, q);
  }
}
