import { InjectQueue } from '@nestjs/bull';
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import { ApiPage, CurrentPrincipal, INSTALLATION_SCOPE, NoWriteTransaction, publicJobId, RequirePermission, revealsPersonalData, UuidPipe } from '@app/core';
import type { OrgJobData, Principal } from '@app/core';

import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService, VerifyResult } from './audit-log.service.js';
import { AuditLogEntryView, AuditLogQueryDto } from './dto/audit-log-query.dto.js';
import { AUDIT_QUEUE, verifyJobId } from './queue/audit-queue.js';

// Permission names are owned by the auth context; repeated here as strings to keep audit free of auth.
const AUDIT_READ = 'audit.read';
const INSTALLATION_AUDIT_READ = 'installation.audit.read';

const cell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The log for review in a spreadsheet: UTF-8 with BOM, one row per entry, the payload as JSON. */
function auditCsv(items: { id: string; at: string; actorName: string; actorId: string | null; action: string; entity: string; entityId: string; requestId: string | null; payload: unknown; prevHash: string; hash: string }[]): string {
  const header = ['序号', '时间', '操作人', '操作人ID', '操作', '对象', '对象ID', '请求ID', '内容', '前一哈希', '哈希'];
  const rows = items.map((i) => [i.id, i.at, i.actorName, i.actorId, i.action, i.entity, i.entityId, i.requestId, i.payload, i.prevHash, i.hash].map(cell).join(','));
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(
    private readonly log: AuditLogService,
    private readonly repo: AuditLogRepository,
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue<OrgJobData>,
  ) {}

  @Get('orgs/:orgId/audit-log')
  @RequirePermission(AUDIT_READ)
  @ApiPage(AuditLogEntryView)
  async list(@Param('orgId', UuidPipe) orgId: string, @Query() q: AuditLogQueryDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const reveal = revealsPersonalData(principal, orgId);
    const { format, limit, cursor, ...filter } = q;
    if (format !== 'csv') return this.log.page(orgId, { ...filter, limit, cursor }, reveal);
    // The download is the filtered log as a report (SPEC §5: reports are not paged).
    const items = await this.log.list(orgId, { ...filter, limit: 50_000 }, reveal);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-log-${orgId}.csv"`);
    res.send(auditCsv(items));
    return undefined;
  }

  @Get('orgs/:orgId/audit-log/verify')
  @RequirePermission(AUDIT_READ)
  verify(@Param('orgId', UuidPipe) orgId: string): Promise<VerifyResult> {
    return this.log.verify(orgId);
  }

  /** For long chains: verification as a queued job; poll GET /jobs/{jobId}. */
  @Post('orgs/:orgId/audit-log/verify-jobs')
  @HttpCode(202)
  @NoWriteTransaction()
  @RequirePermission(AUDIT_READ)
  async verifyJob(@Param('orgId', UuidPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<{ jobId: string }> {
    const head = await this.repo.head(orgId);
    const id = verifyJobId(orgId, head?.seq ?? '0');
    await this.queue.add('verify', { orgId, requestedBy: principal.userId }, { jobId: id, attempts: 3, removeOnComplete: 1000, removeOnFail: 1000 });
    return { jobId: publicJobId(AUDIT_QUEUE, id) };
  }

  @Get('audit-log')
  @RequirePermission(INSTALLATION_AUDIT_READ)
  @ApiPage(AuditLogEntryView)
  listInstallation(@Query() q: AuditLogQueryDto) {
    const { format: _format, ...rest } = q;
    return this.log.page(INSTALLATION_SCOPE, rest, false);
  }

  @Get('audit-log/verify')
  @RequirePermission(INSTALLATION_AUDIT_READ)
  verifyInstallation(): Promise<VerifyResult> {
    return this.log.verify(INSTALLATION_SCOPE);
  }
}
