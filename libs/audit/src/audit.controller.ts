import { InjectQueue } from '@nestjs/bull';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import { CurrentPrincipal, INSTALLATION_SCOPE, NoWriteTransaction, publicJobId, RequirePermission } from '@app/core';
import type { OrgJobData, Principal } from '@app/core';

import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService, VerifyResult } from './audit-log.service.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';
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
  async list(@Param('orgId', new ParseUUIDPipe()) orgId: string, @Query() q: AuditLogQueryDto, @Res({ passthrough: true }) res: Response) {
    if (q.format !== 'csv') return this.log.list(orgId, { ...q, beforeSeq: q.cursor, limit: q.limit ?? 50 });
    const { items } = await this.log.list(orgId, { ...q, beforeSeq: q.cursor, limit: 50_000 });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-log-${orgId}.csv"`);
    res.send(auditCsv(items));
    return undefined;
  }

  @Get('orgs/:orgId/audit-log/verify')
  @RequirePermission(AUDIT_READ)
  verify(@Param('orgId', new ParseUUIDPipe()) orgId: string): Promise<VerifyResult> {
    return this.log.verify(orgId);
  }

  /** For long chains: verification as a queued job; poll GET /jobs/{jobId}. */
  @Post('orgs/:orgId/audit-log/verify-jobs')
  @HttpCode(202)
  @NoWriteTransaction()
  @RequirePermission(AUDIT_READ)
  async verifyJob(@Param('orgId', new ParseUUIDPipe()) orgId: string, @CurrentPrincipal() principal: Principal): Promise<{ jobId: string }> {
    const head = await this.repo.head(orgId);
    const id = verifyJobId(orgId, head?.seq ?? '0');
    await this.queue.add('verify', { orgId, requestedBy: principal.userId }, { jobId: id, attempts: 3, removeOnComplete: 1000, removeOnFail: 1000 });
    return { jobId: publicJobId(AUDIT_QUEUE, id) };
  }

  @Get('audit-log')
  @RequirePermission(INSTALLATION_AUDIT_READ)
  listInstallation(@Query() q: AuditLogQueryDto) {
    return this.log.list(INSTALLATION_SCOPE, { ...q, beforeSeq: q.cursor, limit: q.limit ?? 50 });
  }

  @Get('audit-log/verify')
  @RequirePermission(INSTALLATION_AUDIT_READ)
  verifyInstallation(): Promise<VerifyResult> {
    return this.log.verify(INSTALLATION_SCOPE);
  }
}
