import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson, RequestContext, TransactionRunner } from '@app/core';
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
  constructor(private readonly tx: TransactionRunner) {}

  async record(entry: AuditRecord): Promise<string> {
    if (!this.tx.inTransaction) throw new Error('AuditService.record must run inside a transaction');
    const m = this.tx.manager;
    // Creates the chain's head on first use and locks it in one statement (DO UPDATE locks the row and returns it unchanged).
    const [head]: { seq: string; hash: string }[] = await m.query(
      `INSERT INTO audit_heads (org_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (org_id) DO UPDATE SET org_id = EXCLUDED.org_id RETURNING seq, hash`,
      [entry.orgId, GENESIS_HASH],
    );

    const snapshot = entitySnapshotQuery(entry.entity);
    let stateHash: string | null = null;
    if (snapshot) {
      const rows: { h: string | null }[] = await m.query(stateHashSql(snapshot), [entry.orgId, entry.entityId]);
      stateHash = rows[0]?.h ?? null;
    }
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
    // The row and the new head in one statement.
    await m.query(
      `WITH appended AS (
         INSERT INTO audit_log (org_id, seq, at, actor_id, actor_name, action, entity, entity_id, payload, request_id, state_hash, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING org_id, seq, hash)
       UPDATE audit_heads h SET seq = a.seq, hash = a.hash FROM appended a WHERE h.org_id = a.org_id`,
      [row.orgId, row.seq, row.at, row.actorId, row.actorName, row.action, row.entity, row.entityId, JSON.stringify(row.payload), row.requestId, row.stateHash, row.prevHash, hash],
    );
    return row.seq;
  }
}
