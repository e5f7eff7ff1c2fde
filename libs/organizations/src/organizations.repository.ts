import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';
import type { OrgKind } from './organization.entity.js';

export interface OrganizationRow {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  parent_id: string | null;
  ancestor_ids: string[];
  notice_days: number;
  min_reserve_percent: string;
  created_at: Date;
}

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  async find(id: string): Promise<OrganizationRow | null> {
    const rows: OrganizationRow[] = await this.tx.manager.query(`SELECT * FROM organizations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async codeTaken(code: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(`SELECT 1 FROM organizations WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async insert(row: Omit<OrganizationRow, 'created_at' | 'notice_days' | 'min_reserve_percent'>): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO organizations (id, code, name, kind, parent_id, ancestor_ids) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.code, row.name, row.kind, row.parent_id, row.ancestor_ids],
    );
  }

  /** Towns first, then 经联社, then 经济社 (depth in the tree), each by code: keyset (depth, code). */
  async list(ids: string[] | 'all', page: KeysetPage): Promise<(OrganizationRow & { depth: number })[]> {
    return this.tx.manager.query(
      `SELECT *, coalesce(array_length(ancestor_ids, 1), 0) AS depth FROM organizations
        WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) AND ($2::int IS NULL OR (coalesce(array_length(ancestor_ids, 1), 0), code) > ($2::int, $3::text))
        ORDER BY coalesce(array_length(ancestor_ids, 1), 0), code LIMIT $4`,
      [ids === 'all' ? null : ids, page.after?.[0] ?? null, page.after?.[1] ?? null, page.take],
    );
  }

  /** Every organization below one (经联社 and 经济社 of a town), by depth and code. */
  async beneath(id: string): Promise<OrganizationRow[]> {
    return this.tx.manager.query(
      `SELECT * FROM organizations WHERE $1::uuid = ANY(ancestor_ids) ORDER BY coalesce(array_length(ancestor_ids, 1), 0), code`,
      [id],
    );
  }

  async operatingIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.tx.manager.query(`SELECT id FROM organizations WHERE kind <> 'town' ORDER BY id`);
    return rows.map((r) => r.id);
  }

  async updateSettings(id: string, settings: { noticeDays?: number; minReservePercent?: string }): Promise<void> {
    await this.tx.manager.query(
      `UPDATE organizations SET notice_days = COALESCE($2, notice_days), min_reserve_percent = COALESCE($3::numeric, min_reserve_percent) WHERE id = $1`,
      [id, settings.noticeDays ?? null, settings.minReservePercent ?? null],
    );
  }
}
