import { Injectable } from '@nestjs/common';
import { maskPersonalData, Pager } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { AuditLogFilter, AuditLogRepository, AuditLogRow } from './audit-log.repository.js';
import { chainHash, GENESIS_HASH } from './audit.service.js';
import { entitySnapshotQuery, registeredSnapshotEntities, stateHashSql } from './entity-snapshots.js';

export interface AuditProblem {
  id: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: string | null;
  problems: AuditProblem[];
}

export interface AuditLogItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  payload: unknown;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

const PAGE = 2000;

@Injectable()
export class AuditLogService {
  constructor(
    private readonly repo: AuditLogRepository,
    private readonly pager: Pager,
  ) {}

  /**
   * A page of the log, newest first, filtered. Payloads are shown with personal data masked unless
   * `revealPersonalData` (the API's rule for the reader): the stored payload and hashes are untouched,
   * so verification is too.
   */
  page(orgId: string, q: Omit<AuditLogFilter, 'limit' | 'beforeSeq'> & PageQueryDto, revealPersonalData: boolean): Promise<Page<AuditLogItem>> {
    const { limit, cursor, ...filter } = q;
    return this.pager.page(
      'audit-log',
      { limit, cursor },
      1,
      (page) => this.repo.list(orgId, { ...filter, beforeSeq: page.after?.[0] as string | undefined, limit: page.take }),
      (r) => [r.seq],
      (rows) => rows.map((r) => toItem(r, revealPersonalData)),
    );
  }

  /** Up to `limit` entries, newest first, filtered (the CSV download). */
  async list(orgId: string, filter: AuditLogFilter, revealPersonalData: boolean): Promise<AuditLogItem[]> {
    return (await this.repo.list(orgId, filter)).map((r) => toItem(r, revealPersonalData));
  }

  count(orgId: string): Promise<number> {
    return this.repo.count(orgId);
  }

  /** The chain head's number: it moves with every audited write of the organization ('0' before the first). */
  async headSeq(orgId: string): Promise<string> {
    return (await this.repo.head(orgId))?.seq ?? '0';
  }

  /**
   * Walks the chain in order: contiguous numbering, each prev_hash equal to the previous hash, each
   * hash recomputed; then the head; then every audited entity's current state against its last
   * recorded state. Reports the lowest bad row.
   */
  async verify(orgId: string, onProgress?: (checked: number) => Promise<void> | void): Promise<VerifyResult> {
    const problems: AuditProblem[] = [];
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    let lastSeq = '0';
    for (;;) {
      const rows = await this.repo.chainPage(orgId, lastSeq, PAGE);
      for (const r of rows) {
        checked++;
        if (BigInt(r.seq) !== expectedSeq) problems.push({ id: r.seq, reason: `row(s) missing before ${r.seq}` });
        if (r.prev_hash !== prevHash) problems.push({ id: r.seq, reason: 'prev_hash does not match the previous row' });
        const recomputed = chainHash({
          orgId: r.org_id,
          seq: r.seq,
          at: r.at.toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          payload: r.payload,
          requestId: r.request_id,
          stateHash: r.state_hash,
          prevHash: r.prev_hash,
        });
        if (recomputed !== r.hash) problems.push({ id: r.seq, reason: 'row content does not match its hash' });
        prevHash = r.hash;
        expectedSeq = BigInt(r.seq) + 1n;
        lastSeq = r.seq;
      }
      if (onProgress) await onProgress(checked);
      if (rows.length < PAGE) break;
    }
    const head = await this.repo.head(orgId);
    if ((head?.seq ?? '0') !== lastSeq || (head?.hash ?? GENESIS_HASH) !== prevHash) {
      problems.push({ id: (BigInt(lastSeq) + 1n).toString(), reason: 'chain head does not match the last row (rows removed at the end?)' });
    }
    for (const s of await this.repo.latestStates(orgId, registeredSnapshotEntities())) {
      const sql = entitySnapshotQuery(s.entity);
      if (!sql) continue;
      const current = await this.repo.currentStateHash(stateHashSql(sql), orgId, s.entity_id);
      if (current !== s.state_hash) problems.push({ id: s.seq, reason: `${s.entity} ${s.entity_id} was changed outside the application after this row` });
    }
    problems.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
    return { ok: problems.length === 0, checked, firstBadId: problems[0]?.id ?? null, problems: problems.slice(0, 100) };
  }
}

function toItem(r: AuditLogRow, revealPersonalData: boolean): AuditLogItem {
  return {
    id: r.seq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    payload: revealPersonalData ? r.payload : maskPersonalData(r.payload),
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
