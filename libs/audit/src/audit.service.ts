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
    if (!this.tx.inTransaction) throw new Error('AuditService.record must run inside a transaction');
    // Creates the chain's head on first use and locks it: appends are serialized per organization.
    // The entity's state hash comes in the same round trip (the write before this call is visible to it).
    const snapshot = entitySnapshotQuery(entry.entity);
    const head = await this.repo.lockHead(entry.orgId, GENESIS_HASH, snapshot ? { sql: stateHashSql(snapshot), entityId: entry.entityId } : undefined);
    const stateHash = head.state_hash;
    const principal = RequestContext.principal();
    const row: ChainRow = {
      orgId: entry.orgId,
      seq: (BigInt(head.seq) + 1n).toString(),
      at: new Date().toISOString(),
      actorId: principal?.userId ?? null,
      actorName: principal?.username ?? 'system',
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      // Normalized through JSON so the hash is computed over exactly what jsonb gives back.
      payload: JSON.parse(JSON.stringify(entry.payload ?? null)),
      requestId: RequestContext.requestId(),
      stateHash,
      prevHash: head.hash,
    };
    const hash = chainHash(row);
    await this.repo.append(row, hash);
    return row.seq;
  }
}
