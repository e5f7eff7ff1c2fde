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

  async currentStateHash(sql: string, orgId: string, entityId: string): Promise<string | null> {
    const rows: { h: string | null }[] = await this.tx.manager.query(sql, [orgId, entityId]);
    return rows[0]?.h ?? null;
  }
}
