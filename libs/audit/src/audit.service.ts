import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson, RequestContext, TransactionRunner } from '@app/core';
import { AuditLogRepository } from './audit-log.repository.js';
import { entitySnapshotQuery, stateHashSql } from './entity-snapshots.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  orgId: string;
  action: string;
  entity: string;
  entityId: string;
  payload?: unknown;
}

interface ChainRow {
  orgId: string;
  seq: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  payload: unknown;
  requestId: string | null;
  stateHash: string | null;
  prevHash: string;
}

/** The hash covers every column but itself, in a canonical encoding (keys sorted, no whitespace). */
export function chainHash(row: ChainRow): string {
  return createHash('sha256').update(canonicalJson(row)).digest('hex');
}

/**
 * The one way writes are recorded (SPEC §2.7). Must be called inside the write's transaction: the
 * row lock on the chain head serializes appends per organization and commits with the write.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: AuditLogRepository,
  ) {}

  async record(entry: AuditRecord): Promise<string> {
    return (await this.recordMany([entry]))[0];
  }

  /**
   * Several entries of one organization, appended in order in two statements (the head locked with
   * every entity's state hash, then the rows and the new head): a distribution posts three vouchers.
   * Each state is read after the writes before this call, so write first, then record.
   */
  async recordMany(entries: AuditRecord[]): Promise<string[]> {
    if (!this.tx.inTransaction) throw new Error('AuditService.record must run inside a transaction');
    if (entries.length === 0) return [];
    const orgId = entries[0].orgId;
    if (entries.some((e) => e.orgId !== orgId)) throw new Error('AuditService.recordMany records entries of one organization');
    // Creates the chain's head on first use and locks it: appends are serialized per organization.
    const states = entries.map((e) => {
      const snapshot = entitySnapshotQuery(e.entity);
      return snapshot ? { sql: stateHashSql(snapshot), entityId: e.entityId } : undefined;
    });
    const head = await this.repo.lockHead(orgId, GENESIS_HASH, states);
    const principal = RequestContext.principal();
    const at = new Date().toISOString();
    let seq = BigInt(head.seq);
    let prevHash = head.hash;
    const rows = entries.map((entry, k) => {
      seq += 1n;
      const row: ChainRow = {
        orgId,
        seq: seq.toString(),
        at,
        actorId: principal?.userId ?? null,
        actorName: principal?.username ?? 'system',
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        // Normalized through JSON so the hash is computed over exactly what jsonb gives back.
        payload: JSON.parse(JSON.stringify(entry.payload ?? null)),
        requestId: RequestContext.requestId(),
        stateHash: head.stateHashes[k],
        prevHash,
      };
      const hash = chainHash(row);
      prevHash = hash;
      return { ...row, hash };
    });
    await this.repo.append(rows);
    return rows.map((r) => r.seq);
  }
}
