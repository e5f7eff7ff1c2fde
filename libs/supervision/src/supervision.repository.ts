import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';

export interface BudgetVersionRow {
  org_id: string;
  id: string;
  ledger_id: string;
  year: number;
  version: number;
  status: 'draft' | 'approved' | 'superseded';
  reason: string | null;
  created_by: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  created_at: Date;
}

export interface BudgetLineRow {
  item_code: string;
  item_name: string;
  amount: string;
  accounts: string[];
}

export interface ThresholdRow {
  town_id: string;
  param: string;
  effective_from: string;
  value: string;
  set_by: string | null;
  created_at: Date;
}

export interface WarningRow {
  org_id: string;
  id: string;
  rule_code: string;
  rule_version: number;
  ledger_id: string | null;
  period: string;
  subject_type: string;
  subject_id: string;
  subject_label: string;
  measured: string;
  threshold: string;
  colour: 'red' | 'yellow';
  first_seen: string;
  last_seen: string;
  state: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
  state_reason: string | null;
  state_by: string | null;
  state_at: Date | null;
}

export type NewWarning = Omit<WarningRow, 'state' | 'state_reason' | 'state_by' | 'state_at' | 'last_seen'>;

export interface PackRow {
  org_id: string;
  id: string;
  ledger_id: string;
  period: string;
  version: number;
  content: unknown;
  content_hash: string;
  published_at: Date;
  superseded: boolean;
}

export interface ObjectionRow {
  org_id: string;
  id: string;
  pack_id: string;
  line_ref: string;
  text: string;
  filed_by: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  created_at: Date;
}

const WARNING_COLS = `org_id, id, rule_code, rule_version, ledger_id, period, subject_type, subject_id, subject_label, measured::text, threshold::text, colour,
  to_char(first_seen, 'YYYY-MM-DD') AS first_seen, to_char(last_seen, 'YYYY-MM-DD') AS last_seen, state, state_reason, state_by, state_at`;
const PACK_COLS = (withContent: boolean) => `p.org_id, p.id, p.ledger_id, p.period, p.version, ${withContent ? 'p.content,' : ''} p.content_hash, p.published_at,
  EXISTS (SELECT 1 FROM disclosure_packs n WHERE n.org_id = p.org_id AND n.ledger_id = p.ledger_id AND n.period = p.period AND n.version > p.version) AS superseded`;

/** All SQL of the supervision context's own tables. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  // ---- budget ----

  async budgetVersions(orgId: string, ledgerId: string, year: number): Promise<BudgetVersionRow[]> {
    return this.m.query(`SELECT * FROM budget_versions WHERE org_id = $1 AND ledger_id = $2 AND year = $3 ORDER BY version`, [orgId, ledgerId, year]);
  }

  async budgetVersion(orgId: string, id: string, lock = false): Promise<BudgetVersionRow | null> {
    const rows: BudgetVersionRow[] = await this.m.query(`SELECT * FROM budget_versions WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }

  /** The latest version of a year's budget, locked: creating and approving versions of one budget are serialized on it. */
  async latestBudgetVersion(orgId: string, ledgerId: string, year: number, lock = false): Promise<BudgetVersionRow | null> {
    const rows: BudgetVersionRow[] = await this.m.query(
      `SELECT * FROM budget_versions WHERE org_id = $1 AND ledger_id = $2 AND year = $3 ORDER BY version DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
      [orgId, ledgerId, year],
    );
    return rows[0] ?? null;
  }

  async insertBudgetVersion(v: Pick<BudgetVersionRow, 'org_id' | 'id' | 'ledger_id' | 'year' | 'version' | 'reason' | 'created_by'>): Promise<void> {
    await this.m.query(
      `INSERT INTO budget_versions (org_id, id, ledger_id, year, version, status, reason, created_by) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7)`,
      [v.org_id, v.id, v.ledger_id, v.year, v.version, v.reason, v.created_by],
    );
  }

  async approveBudgetVersion(orgId: string, id: string, userId: string): Promise<void> {
    await this.m.query(`UPDATE budget_versions SET status = 'approved', approved_by = $3, approved_at = now() WHERE org_id = $1 AND id = $2`, [orgId, id, userId]);
  }

  async supersedeBudgetVersions(orgId: string, ledgerId: string, year: number, exceptId: string): Promise<string[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [rows]: [{ id: string }[], number] = await this.m.query(
      `UPDATE budget_versions SET status = 'superseded' WHERE org_id = $1 AND ledger_id = $2 AND year = $3 AND status = 'approved' AND id <> $4 RETURNING id`,
      [orgId, ledgerId, year, exceptId],
    );
    return rows.map((r) => r.id);
  }

  async replaceBudgetLines(orgId: string, versionId: string, lines: BudgetLineRow[]): Promise<void> {
    await this.m.query(`DELETE FROM budget_lines WHERE org_id = $1 AND version_id = $2`, [orgId, versionId]);
    if (lines.length === 0) return;
    await this.m.query(
      `INSERT INTO budget_lines (org_id, version_id, item_code, item_name, amount, accounts)
       SELECT $1, $2, l.item_code, l.item_name, l.amount::numeric, ARRAY(SELECT jsonb_array_elements_text(l.accounts))
         FROM jsonb_to_recordset($3::jsonb) AS l(item_code text, item_name text, amount text, accounts jsonb)`,
      [orgId, versionId, JSON.stringify(lines)],
    );
  }

  async budgetLines(orgId: string, versionId: string): Promise<BudgetLineRow[]> {
    return this.m.query(`SELECT item_code, item_name, amount::text, accounts FROM budget_lines WHERE org_id = $1 AND version_id = $2 ORDER BY item_code`, [orgId, versionId]);
  }

  // ---- thresholds ----

  /** A town's setting from a date; a second setting of the same parameter on the same date replaces the first (both audited). */
  async setThreshold(townId: string, param: string, effectiveFrom: string, value: string, userId: string | null): Promise<void> {
    await this.m.query(
      `INSERT INTO warning_thresholds (org_id, param, effective_from, value, set_by) VALUES ($1, $2, $3, $4::numeric, $5)
       ON CONFLICT (org_id, param, effective_from) DO UPDATE SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, created_at = now()`,
      [townId, param, effectiveFrom, value, userId],
    );
  }

  async thresholds(townId: string): Promise<ThresholdRow[]> {
    return this.m.query(
      `SELECT org_id AS town_id, param, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, value::text, set_by, created_at
         FROM warning_thresholds WHERE org_id = $1 ORDER BY param, effective_from`,
      [townId],
    );
  }

  // ---- warnings ----

  /**
   * Raises or refreshes warnings under their key (rule + subject + period), all of an evaluation in
   * ONE statement (INSERT … SELECT FROM jsonb_to_recordset … ON CONFLICT … RETURNING). A row whose
   * figures did not change is left alone, so evaluating twice on a day writes nothing (a later day
   * moves last_seen). Outcomes per key: 'inserted' (new row), 'updated' (figures or last_seen
   * moved), 'unchanged' (the rows not returned). A key found twice in one call is written once, as
   * one after the other would have left it: the first finding's first_seen, the last one's figures.
   * Rows go in key order (the function scan yields the array's order), so two evaluations of one
   * organization lock their rows in the same order.
   */
  async upsertWarnings(rows: NewWarning[], seen: string): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const key = (w: NewWarning) => [w.org_id, w.rule_code, w.subject_type, w.subject_id, w.period].join('\u0000');
    const byKey = new Map<string, NewWarning>();
    for (const w of rows) {
      const prev = byKey.get(key(w));
      byKey.set(key(w), prev ? { ...w, id: prev.id, first_seen: prev.first_seen } : w);
    }
    const out = { inserted: 0, updated: 0, unchanged: 0 };
    if (byKey.size === 0) return out;
    const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
    // TypeORM answers an INSERT … RETURNING with the rows.
    const written: { inserted: boolean }[] = await this.m.query(
      `INSERT INTO warnings (org_id, id, rule_code, rule_version, ledger_id, period, subject_type, subject_id, subject_label, measured, threshold, colour, first_seen, last_seen)
       SELECT w.org_id, w.id, w.rule_code, w.rule_version, w.ledger_id, w.period, w.subject_type, w.subject_id, w.subject_label, w.measured::numeric, w.threshold::numeric, w.colour, w.first_seen, $2::date
         FROM jsonb_to_recordset($1::jsonb) AS w(org_id uuid, id uuid, rule_code text, rule_version int, ledger_id uuid, period text, subject_type text, subject_id text,
                                                 subject_label text, measured text, threshold text, colour text, first_seen date)
       ON CONFLICT (org_id, rule_code, subject_type, subject_id, period) DO UPDATE
          SET rule_version = EXCLUDED.rule_version, subject_label = EXCLUDED.subject_label, measured = EXCLUDED.measured,
              threshold = EXCLUDED.threshold, colour = EXCLUDED.colour, last_seen = GREATEST(warnings.last_seen, EXCLUDED.last_seen)
        WHERE (warnings.rule_version, warnings.subject_label, warnings.measured, warnings.threshold, warnings.colour)
              IS DISTINCT FROM (EXCLUDED.rule_version, EXCLUDED.subject_label, EXCLUDED.measured, EXCLUDED.threshold, EXCLUDED.colour)
           OR warnings.last_seen < EXCLUDED.last_seen
       RETURNING (xmax = 0) AS inserted`,
      [
        JSON.stringify(
          sorted.map((w) => ({
            org_id: w.org_id,
            id: w.id,
            rule_code: w.rule_code,
            rule_version: w.rule_version,
            ledger_id: w.ledger_id,
            period: w.period,
            subject_type: w.subject_type,
            subject_id: w.subject_id,
            subject_label: w.subject_label,
            measured: w.measured,
            threshold: w.threshold,
            colour: w.colour,
            first_seen: w.first_seen,
          })),
        ),
        seen,
      ],
    );
    for (const r of written) out[r.inserted ? 'inserted' : 'updated'] += 1;
    out.unchanged = sorted.length - written.length;
    return out;
  }

  /** Newest period first, then by id: keyset (period, id) descending. */
  async warningsPage(orgId: string, filter: { state?: string; colour?: string; rule?: string }, page: KeysetPage): Promise<WarningRow[]> {
    return this.m.query(
      `SELECT ${WARNING_COLS} FROM warnings
        WHERE org_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR colour = $3) AND ($4::text IS NULL OR rule_code = $4)
          AND ($5::text IS NULL OR (period, id) < ($5::char(7), $6::uuid))
        ORDER BY period DESC, id DESC LIMIT $7`,
      [orgId, filter.state ?? null, filter.colour ?? null, filter.rule ?? null, page.after?.[0] ?? null, page.after?.[1] ?? null, page.take],
    );
  }

  async warning(orgId: string, id: string, lock = false): Promise<WarningRow | null> {
    const rows: WarningRow[] = await this.m.query(`SELECT ${WARNING_COLS} FROM warnings WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }

  async setWarningState(orgId: string, id: string, state: string, reason: string | null, userId: string): Promise<void> {
    await this.m.query(`UPDATE warnings SET state = $3, state_reason = $4, state_by = $5, state_at = now() WHERE org_id = $1 AND id = $2`, [orgId, id, state, reason, userId]);
  }

  /** Red and yellow warnings not yet resolved or dismissed, per organization. */
  async liveCounts(orgIds: string[]): Promise<Map<string, { red: number; yellow: number }>> {
    const rows: { org_id: string; red: number; yellow: number }[] = await this.m.query(
      `SELECT org_id, count(*) FILTER (WHERE colour = 'red')::int AS red, count(*) FILTER (WHERE colour = 'yellow')::int AS yellow
         FROM warnings WHERE org_id = ANY($1::uuid[]) AND state IN ('open', 'acknowledged') GROUP BY org_id`,
      [orgIds],
    );
    return new Map(rows.map((r) => [r.org_id, { red: r.red, yellow: r.yellow }]));
  }

  async warningCount(orgId: string): Promise<number> {
    const rows: { n: number }[] = await this.m.query(`SELECT count(*)::int AS n FROM warnings WHERE org_id = $1`, [orgId]);
    return rows[0].n;
  }

  // ---- disclosure packs ----

  async lastPackVersion(orgId: string, ledgerId: string, period: string): Promise<number> {
    const rows: { v: number | null }[] = await this.m.query(`SELECT max(version) AS v FROM disclosure_packs WHERE org_id = $1 AND ledger_id = $2 AND period = $3`, [orgId, ledgerId, period]);
    return rows[0].v ?? 0;
  }

  async insertPack(p: Pick<PackRow, 'org_id' | 'id' | 'ledger_id' | 'period' | 'version' | 'content' | 'content_hash'>): Promise<void> {
    await this.m.query(
      `INSERT INTO disclosure_packs (org_id, id, ledger_id, period, version, content, content_hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [p.org_id, p.id, p.ledger_id, p.period, p.version, JSON.stringify(p.content), p.content_hash],
    );
  }

  /** Newest month first, then newest version: keyset (period, version, id) descending. */
  async packsPage(orgId: string, ledgerId: string | null, page: KeysetPage): Promise<PackRow[]> {
    return this.m.query(
      `SELECT ${PACK_COLS(false)} FROM disclosure_packs p
        WHERE p.org_id = $1 AND ($2::uuid IS NULL OR p.ledger_id = $2)
          AND ($3::text IS NULL OR (p.period, p.version, p.id) < ($3::char(7), $4::int, $5::uuid))
        ORDER BY p.period DESC, p.version DESC, p.id DESC LIMIT $6`,
      [orgId, ledgerId, page.after?.[0] ?? null, page.after?.[1] ?? null, page.after?.[2] ?? null, page.take],
    );
  }

  async pack(orgId: string, id: string): Promise<PackRow | null> {
    const rows: PackRow[] = await this.m.query(`SELECT ${PACK_COLS(true)} FROM disclosure_packs p WHERE p.org_id = $1 AND p.id = $2`, [orgId, id]);
    return rows[0] ?? null;
  }

  /** The China date each month of a ledger was first published (for W17). */
  async firstPublished(orgId: string, ledgerId: string): Promise<Map<string, string>> {
    const rows: { period: string; d: string }[] = await this.m.query(
      `SELECT period, to_char(min(published_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM disclosure_packs WHERE org_id = $1 AND ledger_id = $2 GROUP BY period`,
      [orgId, ledgerId],
    );
    return new Map(rows.map((r) => [r.period, r.d]));
  }

  // ---- objections ----

  async insertObjection(o: Pick<ObjectionRow, 'org_id' | 'id' | 'pack_id' | 'line_ref' | 'text' | 'filed_by'>): Promise<void> {
    await this.m.query(`INSERT INTO disclosure_objections (org_id, id, pack_id, line_ref, text, filed_by) VALUES ($1, $2, $3, $4, $5, $6)`, [o.org_id, o.id, o.pack_id, o.line_ref, o.text, o.filed_by]);
  }

  async objection(orgId: string, id: string, lock = false): Promise<ObjectionRow | null> {
    const rows: ObjectionRow[] = await this.m.query(`SELECT * FROM disclosure_objections WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }

  async answerObjection(orgId: string, id: string, answer: string, userId: string): Promise<void> {
    await this.m.query(`UPDATE disclosure_objections SET answer = $3, answered_by = $4, answered_at = now() WHERE org_id = $1 AND id = $2`, [orgId, id, answer, userId]);
  }

  /** Oldest first: keyset (created_at, id); optionally one pack's, optionally only the unanswered. */
  async objectionsPage(orgId: string, filter: { packId?: string; open?: boolean; filedBy?: string }, page: KeysetPage): Promise<(ObjectionRow & { created_key: string })[]> {
    return this.m.query(
      `SELECT *, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key FROM disclosure_objections
        WHERE org_id = $1 AND ($2::uuid IS NULL OR pack_id = $2) AND ($3::boolean IS NOT TRUE OR answer IS NULL) AND ($4::uuid IS NULL OR filed_by = $4)
          AND ($5::text IS NULL OR (created_at, id) > ($5::timestamp AT TIME ZONE 'UTC', $6::uuid))
        ORDER BY created_at, id LIMIT $7`,
      [orgId, filter.packId ?? null, filter.open ?? null, filter.filedBy ?? null, page.after?.[0] ?? null, page.after?.[1] ?? null, page.take],
    );
  }
}
