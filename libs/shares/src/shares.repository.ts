import { Injectable } from '@nestjs/common';
import { containsPattern, TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';

export interface ShareholderRow {
  id: string;
  number: string;
  name: string;
  id_number: string | null;
  household_id: string | null;
  member: boolean;
  collective: boolean;
  status: 'active' | 'deceased' | 'exited';
  deceased_on: string | null;
  phone: string | null;
  bank_account: string | null;
}

export interface ShareClassRow {
  code: string;
  name: string;
  weight: string;
  transferable: boolean;
  giftable: boolean;
  inheritable: boolean;
  redeemable: boolean;
  project: boolean;
  non_inheritable_to: 'collective' | 'cancel';
}

export interface HouseholdRow {
  id: string;
  code: string;
  address: string | null;
  head_shareholder_id: string | null;
  status: string;
}

export interface ShareEventRow {
  id: string;
  type: string;
  status: string;
  effective_date: string;
  documents: string[];
  details: Record<string, unknown>;
  objections: { at: string; by: string; reason: string }[];
  corrects_id: string | null;
  voucher_id: string | null;
  applied_by: string | null;
  approved_by: string | null;
  notice_ends_on: string | null;
  closed_reason: string | null;
  effective_at: Date | null;
}

export interface LegRow {
  leg_no: number;
  shareholder_id: string;
  class_code: string;
  quantity: string;
  frozen: string;
}

export interface HoldingRow {
  shareholder_id: string;
  class_code: string;
  quantity: string;
  frozen: string;
}

export interface ShareholderFilter {
  idNumber?: string;
  q?: string;
  text?: string;
  number?: string;
  householdId?: string;
}

export interface ShareEventFilter {
  status?: string;
  type?: string;
  shareholderId?: string;
}

export interface NewLeg {
  shareholderId: string;
  classCode: string;
  quantity: string;
  frozen: string;
}

const SHAREHOLDER_COLUMNS = `id, number, name, id_number, household_id, member, collective, status, to_char(deceased_on, 'YYYY-MM-DD') AS deceased_on, phone, bank_account`;
const EVENT_COLUMNS = `id, type, status, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, documents, details, objections, corrects_id, voucher_id,
  applied_by, approved_by, to_char(notice_ends_on, 'YYYY-MM-DD') AS notice_ends_on, closed_reason, effective_at`;

/** Savepoint names only need to be distinct within one transaction. */
let savepoints = 0;

export interface HistoryProblem {
  code: 'INSUFFICIENT_SHARES' | 'SHARES_FROZEN' | 'SHARE_EVENT_INVALID';
  shareholder_id: string;
  number: string;
  class_code: string;
  on_date: string;
  quantity: string;
  frozen: string;
}

/** SQL of the share register. */
/**
 * Holdings replayed from the legs of effective events dated on or before $2, in organization $1:
 * per holder and class, leaving out what nets to nothing. The as-of queries and the 股东名册 read it.
 * The rule is the SQL function `register_holdings_on` (libs/shares/src/schema/shares.sql), whose
 * `register_legs_on` the distribution's calculation uses too.
 */
const HOLDINGS_ON_DATE = `SELECT shareholder_id, class_code, quantity, frozen FROM register_holdings_on($1, $2)`;

export interface RegisterLineRow {
  key: string;
  name: string | null;
  id_number: string | null;
  member: boolean | null;
  household: string | null;
  address: string | null;
  /** The quantity per class, in the order of the classes asked for; null when none. */
  quantities: (string | null)[];
  total: string;
}

const REGISTER_CURSOR = 'register_lines';
/**
 * By shareholder, one pass: the legs that count on the date joined to their holders and households
 * (hash joins), grouped once per holder with one FILTERed sum per class (the class codes are the
 * parameters from $3 on), then ordered by number. Was: holdings per (holder, class) grouped again
 * per holder into json — two aggregates and two sorts, 1.5 s for 100 k holders where this is 0.8 s,
 * and the API no longer parses a json per line. A holder is listed when some class of theirs nets
 * to a holding or a frozen amount, as `register_holdings_on` leaves out the rest.
 */
function registerByShareholderSql(classCount: number): string {
  const cls = (k: number) => `l.class_code = $${k + 3}`;
  const perClass = Array.from({ length: classCount }, (_, k) => `(sum(l.quantity) FILTER (WHERE ${cls(k)}))::text AS q${k}`);
  const listed = Array.from({ length: classCount }, (_, k) => `sum(l.quantity) FILTER (WHERE ${cls(k)}) <> 0 OR sum(l.frozen) FILTER (WHERE ${cls(k)}) <> 0`);
  return `SELECT s.number AS key, s.name, s.id_number, s.member, h.code AS household, h.address,${perClass.map((c) => `\n         ${c},`).join('')}
         sum(l.quantity)::text AS total
    FROM register_legs_on($1, $2) l
    JOIN shareholders s ON s.org_id = $1 AND s.id = l.shareholder_id
    LEFT JOIN households h ON h.org_id = s.org_id AND h.id = s.household_id
   GROUP BY s.org_id, s.id, h.org_id, h.id
  HAVING ${['false', ...listed].join('\n      OR ')}
   ORDER BY s.number COLLATE "C"`;
}
const REGISTER_BY_HOUSEHOLD = `WITH q AS (${HOLDINGS_ON_DATE}),
     per_class AS (SELECT coalesce(h.code, '(集体)') AS key, min(h.address) AS address, q.class_code, sum(q.quantity) AS quantity
                     FROM q JOIN shareholders s ON s.org_id = $1 AND s.id = q.shareholder_id
                     LEFT JOIN households h ON h.org_id = s.org_id AND h.id = s.household_id
                    GROUP BY 1, q.class_code)
  SELECT key, NULL AS name, NULL AS id_number, NULL AS member, key AS household, min(address) AS address,
         json_object_agg(class_code, quantity::text) AS by_class, sum(quantity)::text AS total
    FROM per_class GROUP BY key ORDER BY key COLLATE "C"`;

@Injectable()
export class SharesRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  // Households
  async household(orgId: string, id: string, lock = false): Promise<HouseholdRow | null> {
    const rows: HouseholdRow[] = await this.m.query(`SELECT id, code, address, head_shareholder_id, status FROM households WHERE org_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }
  /** By code (uq_households_code). */
  async households(orgId: string, page: KeysetPage): Promise<HouseholdRow[]> {
    return this.m.query(
      `SELECT id, code, address, head_shareholder_id, status FROM households WHERE org_id = $1 AND ($2::text IS NULL OR code > $2) ORDER BY code LIMIT $3`,
      [orgId, page.after?.[0] ?? null, page.take],
    );
  }
  async householdCodeTaken(orgId: string, code: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM households WHERE org_id = $1 AND code = $2`, [orgId, code])).length > 0;
  }
  async insertHousehold(orgId: string, h: { id: string; code: string; address: string | null }): Promise<void> {
    await this.m.query(`INSERT INTO households (org_id, id, code, address) VALUES ($1, $2, $3, $4)`, [orgId, h.id, h.code, h.address]);
  }
  async setHouseholdHead(orgId: string, id: string, head: string | null): Promise<void> {
    await this.m.query(`UPDATE households SET head_shareholder_id = $3 WHERE org_id = $1 AND id = $2`, [orgId, id, head]);
  }
  async setHouseholdStatus(orgId: string, id: string, status: string): Promise<void> {
    await this.m.query(`UPDATE households SET status = $3, head_shareholder_id = CASE WHEN $3::varchar = 'merged' THEN NULL ELSE head_shareholder_id END WHERE org_id = $1 AND id = $2`, [orgId, id, status]);
  }
  async membersOf(orgId: string, householdId: string): Promise<ShareholderRow[]> {
    return this.m.query(`SELECT ${SHAREHOLDER_COLUMNS} FROM shareholders WHERE org_id = $1 AND household_id = $2 ORDER BY number`, [orgId, householdId]);
  }
  async moveToHousehold(orgId: string, shareholderIds: string[], householdId: string): Promise<void> {
    await this.m.query(`UPDATE shareholders SET household_id = $3 WHERE org_id = $1 AND id = ANY($2::uuid[])`, [orgId, shareholderIds, householdId]);
  }

  // Shareholders
  async shareholder(orgId: string, id: string): Promise<ShareholderRow | null> {
    const rows: ShareholderRow[] = await this.m.query(`SELECT ${SHAREHOLDER_COLUMNS} FROM shareholders WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return rows[0] ?? null;
  }
  /** `lock`: FOR SHARE, so a change of status (death, exit, membership) waits for the event taking effect, or it for the change. */
  async shareholdersById(orgId: string, ids: string[], lock = false): Promise<Map<string, ShareholderRow>> {
    const rows: ShareholderRow[] = await this.m.query(`SELECT ${SHAREHOLDER_COLUMNS} FROM shareholders WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id ${lock ? 'FOR SHARE' : ''}`, [orgId, ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }
  /** By number (uq_shareholders_number); text is part of the name, q part of the name or the exact number. */
  async shareholders(orgId: string, filter: ShareholderFilter, page: KeysetPage): Promise<ShareholderRow[]> {
    return this.m.query(
      `SELECT ${SHAREHOLDER_COLUMNS} FROM shareholders WHERE org_id = $1
          AND ($2::text IS NULL OR id_number = $2) AND ($3::text IS NULL OR name LIKE $3 OR number = $4)
          AND ($5::text IS NULL OR name ILIKE $5) AND ($6::text IS NULL OR number = $6) AND ($7::uuid IS NULL OR household_id = $7)
          AND ($8::text IS NULL OR number > $8)
        ORDER BY number LIMIT $9`,
      [
        orgId,
        filter.idNumber ?? null,
        filter.q === undefined ? null : containsPattern(filter.q),
        filter.q ?? null,
        filter.text === undefined ? null : containsPattern(filter.text),
        filter.number ?? null,
        filter.householdId ?? null,
        page.after?.[0] ?? null,
        page.take,
      ],
    );
  }
  async collectiveHolder(orgId: string): Promise<ShareholderRow | null> {
    const rows: ShareholderRow[] = await this.m.query(`SELECT ${SHAREHOLDER_COLUMNS} FROM shareholders WHERE org_id = $1 AND collective`, [orgId]);
    return rows[0] ?? null;
  }
  async numberTaken(orgId: string, number: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM shareholders WHERE org_id = $1 AND number = $2`, [orgId, number])).length > 0;
  }
  async idNumberTaken(orgId: string, idNumber: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM shareholders WHERE org_id = $1 AND id_number = $2`, [orgId, idNumber])).length > 0;
  }
  async insertShareholder(orgId: string, s: Omit<ShareholderRow, 'status' | 'deceased_on'>): Promise<void> {
    await this.m.query(
      `INSERT INTO shareholders (org_id, id, number, name, id_number, household_id, member, collective, phone, bank_account)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [orgId, s.id, s.number, s.name, s.id_number, s.household_id, s.member, s.collective, s.phone, s.bank_account],
    );
  }
  async updateShareholder(orgId: string, id: string, s: Pick<ShareholderRow, 'name' | 'member' | 'status' | 'deceased_on' | 'phone' | 'bank_account'>): Promise<void> {
    await this.m.query(
      `UPDATE shareholders SET name = $3, member = $4, status = $5, deceased_on = $6, phone = $7, bank_account = $8 WHERE org_id = $1 AND id = $2`,
      [orgId, id, s.name, s.member, s.status, s.deceased_on, s.phone, s.bank_account],
    );
  }

  // Share classes
  /** By code; every class without a page. */
  async shareClasses(orgId: string, page?: KeysetPage): Promise<ShareClassRow[]> {
    return this.m.query(
      `SELECT code, name, weight::text, transferable, giftable, inheritable, redeemable, project, non_inheritable_to FROM share_classes
        WHERE org_id = $1 AND ($2::text IS NULL OR code > $2) ORDER BY code LIMIT $3`,
      [orgId, page?.after?.[0] ?? null, page?.take ?? null],
    );
  }
  async insertShareClass(orgId: string, c: ShareClassRow): Promise<void> {
    await this.m.query(
      `INSERT INTO share_classes (org_id, code, name, weight, transferable, giftable, inheritable, redeemable, project, non_inheritable_to)
       VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8, $9, $10)`,
      [orgId, c.code, c.name, c.weight, c.transferable, c.giftable, c.inheritable, c.redeemable, c.project, c.non_inheritable_to],
    );
  }

  // Events
  async insertEvent(orgId: string, e: { id: string; type: string; effectiveDate: string; documents: string[]; details: unknown; correctsId: string | null; appliedBy: string | null }): Promise<void> {
    await this.m.query(
      `INSERT INTO share_events (org_id, id, type, status, effective_date, documents, details, corrects_id, applied_by)
       VALUES ($1, $2, $3, 'pending', $4, $5::jsonb, $6::jsonb, $7, $8)`,
      [orgId, e.id, e.type, e.effectiveDate, JSON.stringify(e.documents), JSON.stringify(e.details), e.correctsId, e.appliedBy],
    );
  }
  async insertLegs(orgId: string, eventId: string, legs: NewLeg[]): Promise<void> {
    await this.m.query(
      `INSERT INTO share_event_legs (org_id, event_id, leg_no, shareholder_id, class_code, quantity, frozen)
       SELECT $1, $2, l.leg_no, l.shareholder_id, l.class_code, l.quantity::numeric, l.frozen::numeric
         FROM jsonb_to_recordset($3::jsonb) AS l(leg_no int, shareholder_id uuid, class_code text, quantity text, frozen text)`,
      [orgId, eventId, JSON.stringify(legs.map((l, i) => ({ leg_no: i + 1, shareholder_id: l.shareholderId, class_code: l.classCode, quantity: l.quantity, frozen: l.frozen })))],
    );
  }
  async event(orgId: string, id: string, lock = false): Promise<ShareEventRow | null> {
    const rows: ShareEventRow[] = await this.m.query(`SELECT ${EVENT_COLUMNS} FROM share_events WHERE org_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }
  /** By effective date, then as applied: keyset (effective_date, created_at as text, id), ix_share_events_keyset. */
  async events(orgId: string, filter: ShareEventFilter, page: KeysetPage): Promise<(ShareEventRow & { created_key: string })[]> {
    const [date, created, id] = page.after ?? [null, null, null];
    return this.m.query(
      `SELECT ${EVENT_COLUMNS}, created_at::text AS created_key FROM share_events e WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR type = $3)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM share_event_legs l WHERE l.org_id = e.org_id AND l.event_id = e.id AND l.shareholder_id = $4))
          AND ($5::date IS NULL OR (effective_date, created_at, id) > ($5::date, $6::timestamptz, $7::uuid))
        ORDER BY effective_date, created_at, id LIMIT $8`,
      [orgId, filter.status ?? null, filter.type ?? null, filter.shareholderId ?? null, date, created, id, page.take],
    );
  }
  async dueEvents(orgId: string, today: string): Promise<string[]> {
    const rows: { id: string }[] = await this.m.query(
      `SELECT id FROM share_events WHERE org_id = $1 AND status = 'public_notice' AND notice_ends_on <= $2 AND effective_date <= $2 ORDER BY effective_date, created_at`,
      [orgId, today],
    );
    return rows.map((r) => r.id);
  }
  async orgsWithDueEvents(today: string): Promise<string[]> {
    const rows: { org_id: string }[] = await this.m.query(
      `SELECT DISTINCT org_id FROM share_events WHERE status = 'public_notice' AND notice_ends_on <= $1 AND effective_date <= $1`,
      [today],
    );
    return rows.map((r) => r.org_id);
  }
  async legs(orgId: string, eventId: string): Promise<LegRow[]> {
    return this.m.query(`SELECT leg_no, shareholder_id, class_code, quantity::text, frozen::text FROM share_event_legs WHERE org_id = $1 AND event_id = $2 ORDER BY leg_no`, [orgId, eventId]);
  }
  async correctionOf(orgId: string, eventId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.m.query(`SELECT id FROM share_events WHERE org_id = $1 AND corrects_id = $2 AND status NOT IN ('rejected','cancelled','withdrawn')`, [orgId, eventId]);
    return rows[0]?.id ?? null;
  }
  async setEventState(orgId: string, id: string, change: { status: string; approvedBy?: string; noticeEndsOn?: string | null; closedReason?: string | null; objections?: unknown; voucherId?: string | null; effective?: boolean }): Promise<void> {
    await this.m.query(
      `UPDATE share_events SET status = $3,
              approved_by = coalesce($4, approved_by),
              notice_ends_on = CASE WHEN $5::boolean THEN $6::date ELSE notice_ends_on END,
              closed_reason = coalesce($7, closed_reason),
              objections = coalesce($8::jsonb, objections),
              voucher_id = coalesce($9, voucher_id),
              effective_at = CASE WHEN $10::boolean THEN now() ELSE effective_at END
        WHERE org_id = $1 AND id = $2`,
      [
        orgId,
        id,
        change.status,
        change.approvedBy ?? null,
        change.noticeEndsOn !== undefined,
        change.noticeEndsOn ?? null,
        change.closedReason ?? null,
        change.objections === undefined ? null : JSON.stringify(change.objections),
        change.voucherId ?? null,
        change.effective ?? false,
      ],
    );
  }

  // Holdings
  /** Locks (creating if absent) the holdings rows in a fixed order, so concurrent events serialize without deadlock. */
  async lockHoldings(orgId: string, keys: { shareholderId: string; classCode: string }[]): Promise<Map<string, { quantity: string; frozen: string }>> {
    const sorted = [...new Map(keys.map((k) => [`${k.shareholderId}|${k.classCode}`, k])).values()].sort((a, b) =>
      `${a.shareholderId}|${a.classCode}` < `${b.shareholderId}|${b.classCode}` ? -1 : 1,
    );
    const result = new Map<string, { quantity: string; frozen: string }>();
    for (const k of sorted) {
      await this.m.query(`INSERT INTO holdings (org_id, shareholder_id, class_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [orgId, k.shareholderId, k.classCode]);
      const [row]: { quantity: string; frozen: string }[] = await this.m.query(
        `SELECT quantity::text, frozen::text FROM holdings WHERE org_id = $1 AND shareholder_id = $2 AND class_code = $3 FOR UPDATE`,
        [orgId, k.shareholderId, k.classCode],
      );
      result.set(`${k.shareholderId}|${k.classCode}`, row);
    }
    return result;
  }
  async addToHolding(orgId: string, leg: NewLeg): Promise<void> {
    await this.m.query(
      `UPDATE holdings SET quantity = quantity + $4::numeric, frozen = frozen + $5::numeric WHERE org_id = $1 AND shareholder_id = $2 AND class_code = $3`,
      [orgId, leg.shareholderId, leg.classCode, leg.quantity, leg.frozen],
    );
  }
  /** By (holder, class), the primary key; every row without a page. */
  async currentHoldings(orgId: string, shareholderId?: string, page?: KeysetPage): Promise<HoldingRow[]> {
    return this.m.query(
      `SELECT shareholder_id, class_code, quantity::text, frozen::text FROM holdings
        WHERE org_id = $1 AND ($2::uuid IS NULL OR shareholder_id = $2) AND (quantity <> 0 OR frozen <> 0)
          AND ($3::uuid IS NULL OR (shareholder_id, class_code) > ($3::uuid, $4::text)) ORDER BY shareholder_id, class_code LIMIT $5`,
      [orgId, shareholderId ?? null, page?.after?.[0] ?? null, page?.after?.[1] ?? null, page?.take ?? null],
    );
  }
  /** Holdings on a date, replayed from the legs of effective events dated on or before it. */
  async holdingsAsOf(orgId: string, asOf: string, shareholderId?: string, page?: KeysetPage): Promise<HoldingRow[]> {
    // The holder filter and the keyset are on grouping columns: PostgreSQL applies them before the aggregate.
    return this.m.query(
      `SELECT shareholder_id, class_code, quantity::text, frozen::text FROM (${HOLDINGS_ON_DATE}) h
        WHERE ($3::uuid IS NULL OR shareholder_id = $3) AND ($4::uuid IS NULL OR (shareholder_id, class_code) > ($4::uuid, $5::text))
        ORDER BY shareholder_id, class_code LIMIT $6`,
      [orgId, asOf, shareholderId ?? null, page?.after?.[0] ?? null, page?.after?.[1] ?? null, page?.take ?? null],
    );
  }
  /**
   * 股东名册 lines on a date: per shareholder (ordered by number) or per household (ordered by code;
   * holders without a household, i.e. the 集体, under '(集体)'), each with its quantity per class and
   * the total. Aggregated here, not in the application, so a 100 k-holder register is one pass.
   * Handed over in batches of `batch` from one server-side cursor (the caller's transaction:
   * `TransactionRunner.snapshot`), so a 100,000-line register is never whole in memory and its
   * first lines go out while the rest are still being read.
   */
  async registerLines(
    orgId: string,
    asOf: string,
    by: 'shareholder' | 'household',
    classCodes: string[],
    batch: number,
    each: (lines: RegisterLineRow[]) => Promise<void>,
  ): Promise<void> {
    if (!this.tx.inTransaction) throw new Error('registerLines needs a transaction (TransactionRunner.snapshot)');
    // The aggregate and the sort of a 100 k-holder register stay in memory; for this transaction only.
    await this.m.query(`SET LOCAL work_mem = '64MB'`);
    if (by === 'shareholder') {
      await this.m.query(`DECLARE ${REGISTER_CURSOR} NO SCROLL CURSOR FOR ${registerByShareholderSql(classCodes.length)}`, [orgId, asOf, ...classCodes]);
    } else {
      await this.m.query(`DECLARE ${REGISTER_CURSOR} NO SCROLL CURSOR FOR ${REGISTER_BY_HOUSEHOLD}`, [orgId, asOf]);
    }
    const fetch = async (): Promise<RegisterLineRow[]> => {
      const rows: (Omit<RegisterLineRow, 'quantities'> & Record<string, unknown>)[] = await this.m.query(`FETCH ${Math.trunc(batch)} FROM ${REGISTER_CURSOR}`);
      return rows.map((r) => {
        const byClass = r.by_class as Record<string, string> | undefined;
        const quantities = classCodes.map((code, k) => (byClass ? (byClass[code] ?? null) : ((r[`q${k}`] as string | null) ?? null)));
        return { key: r.key, name: r.name, id_number: r.id_number, member: r.member, household: r.household, address: r.address, quantities, total: r.total };
      });
    };
    // The next batch is asked for before this one is written: PostgreSQL sends it while Node formats
    // and writes (they took turns before, each idle half the time).
    let next = fetch();
    for (;;) {
      const lines = await next;
      const more = lines.length === batch;
      if (more) next = fetch();
      try {
        if (lines.length > 0) await each(lines);
      } catch (e) {
        if (more) await next.catch(() => undefined);
        throw e;
      }
      if (!more) break;
    }
    await this.m.query(`CLOSE ${REGISTER_CURSOR}`);
  }

  /**
   * Dates on which the replay of effective events breaks a holding (negative, frozen below zero or
   * above the holding), from the database's `share_history_problems`: for the holders and classes of
   * event `eventId` (counted as effective) from its effective date on, or for the whole register.
   */
  async historyProblems(orgId: string, eventId: string | null, limit: number): Promise<HistoryProblem[]> {
    return this.m.query(
      `SELECT p.code, p.shareholder_id, s.number, p.class_code, to_char(p.on_date, 'YYYY-MM-DD') AS on_date, p.quantity::text, p.frozen::text
         FROM share_history_problems($1, $2) p JOIN shareholders s ON s.org_id = $1 AND s.id = p.shareholder_id
        ORDER BY p.on_date, s.number, p.class_code LIMIT $3`,
      [orgId, eventId, limit],
    );
  }
  /** Maintained holdings that differ from the replay of every effective event (the same replay as the as-of queries, with no date bound). */
  async holdingDifferences(orgId: string): Promise<{ shareholder_id: string; class_code: string; quantity: string; frozen: string; replayed_quantity: string; replayed_frozen: string }[]> {
    return this.m.query(
      `WITH replay AS (${HOLDINGS_ON_DATE}), kept AS (SELECT shareholder_id, class_code, quantity, frozen FROM holdings WHERE org_id = $1)
       SELECT coalesce(k.shareholder_id, r.shareholder_id) AS shareholder_id, coalesce(k.class_code, r.class_code) AS class_code,
              coalesce(k.quantity, 0)::numeric(18,4)::text AS quantity, coalesce(k.frozen, 0)::numeric(18,4)::text AS frozen,
              coalesce(r.quantity, 0)::numeric(18,4)::text AS replayed_quantity, coalesce(r.frozen, 0)::numeric(18,4)::text AS replayed_frozen
         FROM kept k FULL JOIN replay r ON r.shareholder_id = k.shareholder_id AND r.class_code = k.class_code
        WHERE coalesce(k.quantity, 0) <> coalesce(r.quantity, 0) OR coalesce(k.frozen, 0) <> coalesce(r.frozen, 0)
        ORDER BY 1, 2`,
      [orgId, 'infinity'],
    );
  }

  /**
   * Runs `work` so that, if it fails, nothing it wrote stays: inside the open transaction (a sweep
   * run by an HTTP request) under a savepoint rolled back on failure, else in its own transaction.
   */
  async allOrNothing<T>(work: () => Promise<T>): Promise<T> {
    if (!this.tx.inTransaction) return this.tx.run(work);
    const name = `cl_sp_${++savepoints}`;
    await this.m.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.m.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.m.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}
