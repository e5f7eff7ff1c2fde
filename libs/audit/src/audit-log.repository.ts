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
   * unchanged), and, in the same round trip, the SHA-256 of each entity's current state where a
   * snapshot query is given (each written for $1 = org id, $2 = entity id; renumbered here).
   */
  async lockHead(orgId: string, genesisHash: string, states: ({ sql: string; entityId: string } | undefined)[]): Promise<{ seq: string; hash: string; stateHashes: (string | null)[] }> {
    const params: unknown[] = [orgId, genesisHash];
    const columns = states.map((state, k) => {
      if (!state) return `NULL::text AS s${k}`;
      params.push(state.entityId);
      return `(${state.sql.replace(/\$2(?!\d)/g, `$${params.length}`)}) AS s${k}`;
    });
    const [head]: Record<string, string | null>[] = await this.tx.manager.query(
      `WITH head AS (INSERT INTO audit_heads (org_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (org_id) DO UPDATE SET org_id = EXCLUDED.org_id RETURNING seq, hash)
       SELECT seq, hash${columns.map((c) => `, ${c}`).join('')} FROM head`,
      params,
    );
    return { seq: head.seq!, hash: head.hash!, stateHashes: states.map((_, k) => head[`s${k}`] ?? null) };
  }

  /** The rows, in chain order, and the new head (the last row) in one statement. */
  async append(
    rows: {
      orgId: string; seq: string; at: string; actorId: string | null; actorName: string; action: string; entity: string; entityId: string;
      payload: unknown; requestId: string | null; stateHash: string | null; prevHash: string; hash: string;
    }[],
  ): Promise<void> {
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await this.tx.manager.query(
      `WITH appended AS (
         INSERT INTO audit_log (org_id, seq, at, actor_id, actor_name, action, entity, entity_id, payload, request_id, state_hash, prev_hash, hash)
         SELECT $1, r.seq, r.at, r.actor_id, r.actor_name, r.action, r.entity, r.entity_id, r.payload::jsonb, r.request_id, r.state_hash, r.prev_hash, r.hash
           FROM unnest($2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
             AS r(seq, at, actor_id, actor_name, action, entity, entity_id, payload, request_id, state_hash, prev_hash, hash)
         RETURNING org_id, seq, hash)
       UPDATE audit_heads h SET seq = a.seq, hash = a.hash FROM (SELECT org_id, seq, hash FROM appended ORDER BY seq DESC LIMIT 1) a WHERE h.org_id = a.org_id`,
      [
        rows[0].orgId,
        col('seq'),
        col('at'),
        col('actorId'),
        col('actorName'),
        col('action'),
        col('entity'),
        col('entityId'),
        rows.map((r) => JSON.stringify(r.payload)),
        col('requestId'),
        col('stateHash'),
        col('prevHash'),
        col('hash'),
      ],
    );
  }

  async currentStateHash(sql: string, orgId: string, entityId: string): Promise<string | null> {
    const rows: { h: string | null }[] = await this.tx.manager.query(sql, [orgId, entityId]);
    return rows[0]?.h ?? null;
  }
}
