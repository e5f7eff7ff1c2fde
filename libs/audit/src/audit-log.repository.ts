import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';

export interface AuditLogFilter {
  actorId?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  beforeSeq?: string;
  limit: number;
}

export interface AuditLogRow {
  org_id: string;
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  payload: unknown;
  request_id: string | null;
  state_hash: string | null;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditLogRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /** Newest first; `beforeSeq` is the keyset cursor. Dates are inclusive calendar days (UTC+8 is the users' day). */
  async list(orgId: string, f: AuditLogFilter): Promise<AuditLogRow[]> {
    const where = ['org_id = $1'];
    const params: unknown[] = [orgId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.actorId) add('actor_id = ?', f.actorId);
    if (f.entity) add('entity = ?', f.entity);
    if (f.entityId) add('entity_id = ?', f.entityId);
    if (f.action) add('action = ?', f.action);
    if (f.from) add(`at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, f.from);
    if (f.to) add(`at < ((?::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, f.to);
    if (f.beforeSeq) add('seq < ?', f.beforeSeq);
    params.push(f.limit);
    return this.tx.manager.query(
      `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** A page of the chain in order, for verification without loading the whole log. */
  async chainPage(orgId: string, afterSeq: string, limit: number): Promise<AuditLogRow[]> {
    return this.tx.manager.query(`SELECT * FROM audit_log WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [orgId, afterSeq, limit]);
  }

  async count(orgId: string): Promise<number> {
    const rows: { n: string }[] = await this.tx.manager.query(`SELECT count(*) AS n FROM audit_log WHERE org_id = $1`, [orgId]);
    return Number.parseInt(rows[0].n, 10);
  }

  async head(orgId: string): Promise<{ seq: string; hash: string } | null> {
    const rows: { seq: string; hash: string }[] = await this.tx.manager.query(`SELECT seq, hash FROM audit_heads WHERE org_id = $1`, [orgId]);
    return rows[0] ?? null;
  }

  /** The newest row per audited entity that carries a state hash. */
  async latestStates(orgId: string, entities: string[]): Promise<{ seq: string; entity: string; entity_id: string; state_hash: string | null }[]> {
    if (entities.length === 0) return [];
    return this.tx.manager.query(
      `SELECT DISTINCT ON (entity, entity_id) seq, entity, entity_id, state_hash
         FROM audit_log WHERE org_id = $1 AND entity = ANY($2)
        ORDER BY entity, entity_id, seq DESC`,
      [orgId, entities],
    );
  }

  /**
   * Creates the chain's head on first use and locks it (DO UPDATE locks the row and returns it
   * unchanged), and, in the same round trip, the SHA-256 of the entity's current state when a
   * snapshot query is given (`stateSql` takes $1 = org id, $2 = entity id).
   */
  async lockHead(orgId: string, genesisHash: string, state?: { sql: string; entityId: string }): Promise<{ seq: string; hash: string; state_hash: string | null }> {
    const [head]: { seq: string; hash: string; state_hash: string | null }[] = await this.tx.manager.query(
      `WITH head AS (INSERT INTO audit_heads (org_id, seq, hash) VALUES ($1, 0, $${state ? 3 : 2}) ON CONFLICT (org_id) DO UPDATE SET org_id = EXCLUDED.org_id RETURNING seq, hash)
       SELECT seq, hash, ${state ? `(${state.sql})` : 'NULL::text'} AS state_hash FROM head`,
      state ? [orgId, state.entityId, genesisHash] : [orgId, genesisHash],
    );
    return head;
  }

  /** The row and the new head in one statement. */
  async append(row: {
    orgId: string; seq: string; at: string; actorId: string | null; actorName: string; action: string; entity: string; entityId: string;
    payload: unknown; requestId: string | null; stateHash: string | null; prevHash: string;
  }, hash: string): Promise<void> {
    await this.tx.manager.query(
      `WITH appended AS (
         INSERT INTO audit_log (org_id, seq, at, actor_id, actor_name, action, entity, entity_id, payload, request_id, state_hash, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING org_id, seq, hash)
       UPDATE audit_heads h SET seq = a.seq, hash = a.hash FROM appended a WHERE h.org_id = a.org_id`,
      [row.orgId, row.seq, row.at, row.actorId, row.actorName, row.action, row.entity, row.entityId, JSON.stringify(row.payload), row.requestId, row.stateHash, row.prevHash, hash],
    );
  }

  async currentStateHash(sql: string, orgId: string, entityId: string): Promise<string | null> {
    const rows: { h: string | null }[] = await this.tx.manager.query(sql, [orgId, entityId]);
    return rows[0]?.h ?? null;
  }
}
