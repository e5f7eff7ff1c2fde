import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { Decimal, idNumberProblem, isUuid, maskIdNumber, Pager, quantity, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { CreateHouseholdDto, CreateShareClassDto, CreateShareholderDto, HoldingsQueryDto, HoldingView, ShareholderQueryDto, ShareholderView, UpdateShareholderDto } from './dto/shares.dto.js';
import { sharesError } from './shares-errors.js';
import { HoldingRow, HouseholdRow, ShareClassRow, ShareholderRow, SharesRepository } from './shares.repository.js';

registerEntitySnapshot('shareholder', `SELECT to_jsonb(s) FROM shareholders s WHERE s.org_id = $1 AND s.id = $2::uuid`);
registerEntitySnapshot('household', `SELECT to_jsonb(h) FROM households h WHERE h.org_id = $1 AND h.id = $2::uuid`);
registerEntitySnapshot('share_class', `SELECT to_jsonb(c) FROM share_classes c WHERE c.org_id = $1 AND c.code = $2`);

/** Lines per cursor batch of the 股东名册 (a few hundred kB of JSON). */
const REGISTER_BATCH = 5000;

export interface RegisterHead {
  asOf: string;
  by: 'shareholder' | 'household';
  classes: { code: string; name: string }[];
}

/** A 股东名册 line: its key columns, then one quantity per class code, then the total. */
export type RegisterItem = Record<string, string | null>;

export interface RegisterIntegrityReport {
  ok: boolean;
  holdingDifferences: { shareholderId: string; shareClass: string; maintained: { quantity: string; frozen: string }; replayed: { quantity: string; frozen: string } }[];
  problems: { kind: string; ref: string }[];
}

/** Shareholders, households and share classes; holdings now and as of any date; the 股东名册. */
@Injectable()
export class RegisterService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SharesRepository,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  // Households: 分户不增、并户不减 — moving people between households never touches holdings.
  async createHousehold(orgId: string, input: CreateHouseholdDto): Promise<HouseholdRow> {
    return this.tx.run(async () => {
      if (await this.repo.householdCodeTaken(orgId, input.code)) throw sharesError('HOUSEHOLD_CODE_TAKEN', `Household ${input.code} exists`, 409);
      const id = randomUUID();
      await this.repo.insertHousehold(orgId, { id, code: input.code, address: input.address ?? null });
      await this.audit.record({ orgId, action: 'household.created', entity: 'household', entityId: id, payload: input });
      return (await this.repo.household(orgId, id))!;
    });
  }

  households(orgId: string, q: PageQueryDto): Promise<Page<HouseholdRow>> {
    return this.pager.page('households', q, 1, (page) => this.repo.households(orgId, page), (r) => [r.code], (rows) => rows);
  }

  /** A household's code (户号), for other contexts' documents (the dividend statement); null when there is none. */
  async householdCode(orgId: string, householdId: string | null): Promise<string | null> {
    if (!householdId) return null;
    return (await this.repo.household(orgId, householdId))?.code ?? null;
  }

  async setHead(orgId: string, householdId: string, headId: string): Promise<HouseholdRow> {
    return this.tx.run(async () => {
      const household = await this.activeHousehold(orgId, householdId);
      const head = await this.repo.shareholder(orgId, headId);
      if (!head || head.household_id !== household.id) throw sharesError('HOUSEHOLD_INVALID', 'The head must be a member of the household', 400);
      await this.repo.setHouseholdHead(orgId, householdId, headId);
      await this.audit.record({ orgId, action: 'household.head_set', entity: 'household', entityId: householdId, payload: { headId } });
      return (await this.repo.household(orgId, householdId))!;
    });
  }

  async split(orgId: string, householdId: string, input: { code: string; address?: string; shareholderIds: string[] }): Promise<HouseholdRow> {
    return this.tx.run(async () => {
      const household = await this.activeHousehold(orgId, householdId);
      const members = await this.repo.membersOf(orgId, householdId);
      const moving = new Set(input.shareholderIds);
      if (moving.size === 0 || [...moving].some((id) => !members.some((m) => m.id === id)) || moving.size === members.length) {
        throw sharesError('HOUSEHOLD_INVALID', 'A split moves some, not all, members of the household', 400);
      }
      const created = await this.createHousehold(orgId, { code: input.code, address: input.address });
      await this.repo.moveToHousehold(orgId, [...moving], created.id);
      if (household.head_shareholder_id && moving.has(household.head_shareholder_id)) await this.repo.setHouseholdHead(orgId, householdId, null);
      await this.audit.record({ orgId, action: 'household.split', entity: 'household', entityId: householdId, payload: { into: created.id, shareholderIds: [...moving] } });
      return created;
    });
  }

  async merge(orgId: string, householdId: string, intoId: string): Promise<HouseholdRow> {
    return this.tx.run(async () => {
      if (householdId === intoId) throw sharesError('HOUSEHOLD_INVALID', 'A household does not merge into itself', 400);
      await this.activeHousehold(orgId, householdId);
      await this.activeHousehold(orgId, intoId);
      const members = await this.repo.membersOf(orgId, householdId);
      await this.repo.moveToHousehold(orgId, members.map((m) => m.id), intoId);
      await this.repo.setHouseholdStatus(orgId, householdId, 'merged');
      await this.audit.record({ orgId, action: 'household.merged', entity: 'household', entityId: householdId, payload: { into: intoId, shareholderIds: members.map((m) => m.id) } });
      return (await this.repo.household(orgId, intoId))!;
    });
  }

  // Shareholders
  async createShareholder(orgId: string, input: CreateShareholderDto, reveal: boolean): Promise<ShareholderView> {
    const problem = idNumberProblem(input.idNumber);
    if (problem) throw sharesError('INVALID_ID_NUMBER', `身份证 ${problem}`, 400, [{ field: 'idNumber', problems: [problem] }]);
    return this.tx.run(async () => {
      await this.activeHousehold(orgId, input.householdId);
      if (await this.repo.numberTaken(orgId, input.number)) throw sharesError('SHAREHOLDER_NUMBER_TAKEN', `Shareholder number ${input.number} is taken`, 409);
      if (await this.repo.idNumberTaken(orgId, input.idNumber)) throw sharesError('ID_NUMBER_TAKEN', 'A shareholder with this 身份证 exists in this organization', 409);
      await this.ensureCollectiveHolder(orgId);
      const id = randomUUID();
      await this.repo.insertShareholder(orgId, {
        id,
        number: input.number,
        name: input.name,
        id_number: input.idNumber,
        household_id: input.householdId,
        member: input.member,
        collective: false,
        phone: input.phone ?? null,
        bank_account: input.bankAccount ?? null,
      });
      await this.audit.record({ orgId, action: 'shareholder.created', entity: 'shareholder', entityId: id, payload: { ...input, idNumber: maskIdNumber(input.idNumber) } });
      return toView((await this.repo.shareholder(orgId, id))!, reveal);
    });
  }

  async updateShareholder(orgId: string, id: string, input: UpdateShareholderDto, reveal: boolean): Promise<ShareholderView> {
    return this.tx.run(async () => {
      const current = await this.shareholderRow(orgId, id);
      const status = input.status ?? current.status;
      const deceasedOn = status === 'deceased' ? (input.deceasedOn ?? current.deceased_on) : null;
      if (status === 'deceased' && !deceasedOn) throw sharesError('SHARE_EVENT_INVALID', 'deceasedOn is required with status deceased', 400);
      await this.repo.updateShareholder(orgId, id, {
        name: input.name ?? current.name,
        member: input.member ?? current.member,
        status,
        deceased_on: deceasedOn,
        phone: input.phone ?? current.phone,
        bank_account: input.bankAccount ?? current.bank_account,
      });
      await this.audit.record({ orgId, action: 'shareholder.updated', entity: 'shareholder', entityId: id, payload: input });
      return toView((await this.repo.shareholder(orgId, id))!, reveal);
    });
  }

  async move(orgId: string, id: string, householdId: string, reveal: boolean): Promise<ShareholderView> {
    return this.tx.run(async () => {
      const shareholder = await this.shareholderRow(orgId, id);
      await this.activeHousehold(orgId, householdId);
      await this.repo.moveToHousehold(orgId, [id], householdId);
      if (shareholder.household_id) {
        const old = await this.repo.household(orgId, shareholder.household_id);
        if (old?.head_shareholder_id === id) await this.repo.setHouseholdHead(orgId, old.id, null);
      }
      await this.audit.record({ orgId, action: 'shareholder.moved', entity: 'shareholder', entityId: id, payload: { from: shareholder.household_id, to: householdId } });
      return toView((await this.repo.shareholder(orgId, id))!, reveal);
    });
  }

  async shareholder(orgId: string, id: string, reveal: boolean): Promise<ShareholderView> {
    return toView(await this.shareholderRow(orgId, id), reveal);
  }

  /** By shareholder number, filtered. */
  shareholders(orgId: string, q: ShareholderQueryDto, reveal: boolean): Promise<Page<ShareholderView>> {
    const { limit, cursor, ...filter } = q;
    return this.pager.page('shareholders', { limit, cursor }, 1, (page) => this.repo.shareholders(orgId, filter, page), (r) => [r.number], (rows) => rows.map((r) => toView(r, reveal)));
  }

  // Share classes
  async createShareClass(orgId: string, input: CreateShareClassDto): Promise<ShareClassRow> {
    return this.tx.run(async () => {
      if ((await this.repo.shareClasses(orgId)).some((c) => c.code === input.code)) throw sharesError('SHARE_CLASS_EXISTS', `Share class ${input.code} exists`, 409);
      const row: ShareClassRow = {
        code: input.code,
        name: input.name,
        weight: new Decimal(input.weight).toFixed(4),
        transferable: input.transferable,
        giftable: input.giftable,
        inheritable: input.inheritable,
        redeemable: input.redeemable ?? false,
        project: input.project ?? false,
        non_inheritable_to: input.nonInheritableTo ?? 'collective',
      };
      await this.repo.insertShareClass(orgId, row);
      await this.audit.record({ orgId, action: 'share_class.created', entity: 'share_class', entityId: input.code, payload: input });
      return row;
    });
  }

  /** Every class (the services need them all; an organization has a handful). */
  shareClasses(orgId: string): Promise<ShareClassRow[]> {
    return this.repo.shareClasses(orgId);
  }

  shareClassPage(orgId: string, q: PageQueryDto): Promise<Page<ShareClassRow>> {
    return this.pager.page('share-classes', q, 1, (page) => this.repo.shareClasses(orgId, page), (r) => [r.code], (rows) => rows);
  }

  // Holdings
  /** Every holding (of one holder, when given): for the services. */
  async holdings(orgId: string, asOf?: string, shareholderId?: string): Promise<HoldingView[]> {
    const rows = asOf ? await this.repo.holdingsAsOf(orgId, asOf, shareholderId) : await this.repo.currentHoldings(orgId, shareholderId);
    return rows.map(toHoldingView);
  }

  /** A page of holdings by (holder, class), now or as of a date. */
  holdingPage(orgId: string, q: HoldingsQueryDto): Promise<Page<HoldingView>> {
    const { limit, cursor, asOf, shareholderId } = q;
    return this.pager.page(
      asOf ? 'holdings-as-of' : 'holdings',
      { limit, cursor },
      2,
      (page) => (asOf ? this.repo.holdingsAsOf(orgId, asOf, shareholderId, page) : this.repo.currentHoldings(orgId, shareholderId, page)),
      (r) => [r.shareholder_id, r.class_code],
      (rows) => rows.map(toHoldingView),
    );
  }

  /**
   * For auditors, like the books' integrity check: the maintained holdings equal the replay of every
   * effective event, and the replay holds (nothing negative, frozen within the holding) on every date.
   */
  async integrity(orgId: string): Promise<RegisterIntegrityReport> {
    const [differences, history] = await this.tx.all(
      () => this.repo.holdingDifferences(orgId),
      () => this.repo.historyProblems(orgId, null, 100),
    );
    const holdingDifferences = differences.map((d) => ({
      shareholderId: d.shareholder_id,
      shareClass: d.class_code,
      maintained: { quantity: d.quantity, frozen: d.frozen },
      replayed: { quantity: d.replayed_quantity, frozen: d.replayed_frozen },
    }));
    const problems = history.map((p) => ({ kind: p.code, ref: `${p.number} ${p.class_code} ${p.on_date}: ${quantity(p.quantity)} held, ${quantity(p.frozen)} frozen` }));
    return { ok: holdingDifferences.length === 0 && problems.length === 0, holdingDifferences, problems };
  }

  /** 股东名册 on a date, per shareholder or per household, one column per share class (aggregated in SQL), whole. */
  async register(orgId: string, asOf: string, by: 'shareholder' | 'household', reveal: boolean) {
    const items: RegisterItem[] = [];
    let head: RegisterHead | undefined;
    const totals = await this.streamRegister(orgId, asOf, by, reveal, {
      start: async (h) => void (head = h),
      items: async (batch) => void items.push(...batch),
    });
    return { ...head!, items, totals };
  }

  /**
   * The same 股东名册 handed to `sink` as it is read: the head (date, grouping, classes) once the
   * first lines are in, then the lines batch by batch, all in one read-only snapshot; answers the
   * totals per class. For the routes that stream it (JSON, CSV, XLSX) in constant memory.
   */
  async streamRegister(
    orgId: string,
    asOf: string,
    by: 'shareholder' | 'household',
    reveal: boolean,
    sink: { start(head: RegisterHead): Promise<void>; items(items: RegisterItem[]): Promise<void> },
  ): Promise<Record<string, string>> {
    return this.tx.snapshot(async () => {
      const classes = await this.repo.shareClasses(orgId);
      const codes = classes.map((c) => c.code);
      // Quantities come from numeric(18,4) sums, already with 4 places: kept as text, and totalled as
      // integers of 1/10000 share (exact, and 100 k lines do not pay for Decimal objects).
      const totals = codes.map(() => 0n);
      let started = false;
      const start = async () => {
        if (started) return;
        started = true;
        await sink.start({ asOf, by, classes: classes.map((c) => ({ code: c.code, name: c.name })) });
      };
      await this.repo.registerLines(orgId, asOf, by, codes, REGISTER_BATCH, async (lines) => {
        await start();
        const items = lines.map((l) => {
          const head: RegisterItem =
            by === 'household'
              ? { household: l.key, address: l.address }
              : { number: l.key, name: l.name, idNumber: l.id_number ? (reveal ? l.id_number : maskIdNumber(l.id_number)) : null, household: l.household, member: l.member ? '是' : '否' };
          for (let k = 0; k < codes.length; k++) {
            const q = l.quantities[k] ?? '0.0000';
            head[codes[k]] = q;
            totals[k] += BigInt(q.replace('.', ''));
          }
          head.total = l.total;
          return head;
        });
        await sink.items(items);
      });
      await start();
      return Object.fromEntries(codes.map((code, k) => [code, quantity(new Decimal(totals[k].toString()).dividedBy(10_000))]));
    });
  }

  /**
   * A shareholder's own view (the `shareholder` role): their record, unmasked, and their holdings,
   * in each organization where they hold the role and the linked record exists.
   */
  async mine(principal: { shareholderId: string | null; grants: { orgId: string; role: string }[] }) {
    if (!principal.shareholderId) return [];
    const orgIds = principal.grants.filter((g) => g.role === 'shareholder').map((g) => g.orgId);
    const result = [];
    for (const orgId of orgIds) {
      const row = await this.repo.shareholder(orgId, principal.shareholderId);
      if (!row) continue;
      result.push({ orgId, row, shareholder: toView(row, true), holdings: await this.holdings(orgId, undefined, row.id) });
    }
    return result;
  }

  /**
   * `mine` for the portal, a page at a time by organization id (a person is a shareholder of a few
   * organizations at most): holdings now or as of a date, with each class's name and weight, and
   * the household's other members (户内共享: the household is the unit) by name and number only.
   */
  async minePage(principal: { shareholderId: string | null; grants: { orgId: string; role: string }[] }, q: PageQueryDto & { asOf?: string }) {
    const all = (await this.mine(principal)).sort((a, b) => (a.orgId < b.orgId ? -1 : 1));
    const asOf = q.asOf ?? null;
    return this.pager.page(
      'my-holdings',
      { limit: q.limit, cursor: q.cursor },
      1,
      async (page) => all.filter((m) => page.after === null || m.orgId > String(page.after[0])).slice(0, page.take),
      (m) => [m.orgId],
      (rows) => this.tx.map(rows, (m) => this.myView(m.orgId, m.row, asOf)),
    );
  }

  private async myView(orgId: string, me: ShareholderRow, asOf: string | null) {
    const classes = new Map((await this.repo.shareClasses(orgId)).map((c) => [c.code, c]));
    const holdingsOf = async (id: string) =>
      (await this.holdings(orgId, asOf ?? undefined, id)).map((h) => ({ ...h, className: classes.get(h.shareClass)?.name ?? h.shareClass, weight: classes.get(h.shareClass)?.weight ?? '0' }));
    const household = me.household_id ? await this.repo.household(orgId, me.household_id) : null;
    const shared =
      household && household.status === 'active'
        ? {
            code: household.code,
            head: household.head_shareholder_id === me.id,
            members: await this.tx.map(
              (await this.repo.membersOf(orgId, household.id)).filter((m) => m.id !== me.id),
              async (m) => ({ number: m.number, name: m.name, head: household.head_shareholder_id === m.id, holdings: await holdingsOf(m.id) }),
            ),
          }
        : null;
    return { orgId, asOf, shareholder: toView(me, true), holdings: await holdingsOf(me.id), household: shared };
  }

  async ensureCollectiveHolder(orgId: string): Promise<ShareholderRow> {
    const existing = await this.repo.collectiveHolder(orgId);
    if (existing) return existing;
    const id = randomUUID();
    await this.repo.insertShareholder(orgId, { id, number: '0000', name: '集体', id_number: null, household_id: null, member: false, collective: true, phone: null, bank_account: null });
    return (await this.repo.shareholder(orgId, id))!;
  }

  private async shareholderRow(orgId: string, id: string): Promise<ShareholderRow> {
    const row = isUuid(id) ? await this.repo.shareholder(orgId, id) : null;
    if (!row) throw sharesError('SHAREHOLDER_NOT_FOUND', 'Shareholder not found', 404);
    return row;
  }

  private async activeHousehold(orgId: string, id: string): Promise<HouseholdRow> {
    const row = isUuid(id) ? await this.repo.household(orgId, id, true) : null;
    if (!row) throw sharesError('HOUSEHOLD_NOT_FOUND', 'Household not found', 404);
    if (row.status !== 'active') throw sharesError('HOUSEHOLD_INVALID', 'The household has been merged into another', 409);
    return row;
  }
}

function toHoldingView(r: HoldingRow): HoldingView {
  return { shareholderId: r.shareholder_id, shareClass: r.class_code, quantity: quantity(r.quantity), frozen: quantity(r.frozen) };
}

export function toView(r: ShareholderRow, reveal: boolean): ShareholderView {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    idNumber: r.id_number === null ? null : reveal ? r.id_number : maskIdNumber(r.id_number),
    householdId: r.household_id,
    member: r.member,
    collective: r.collective,
    status: r.status,
    deceasedOn: r.deceased_on,
    phone: r.phone,
    bankAccount: r.bank_account === null ? null : reveal ? r.bank_account : `****${r.bank_account.slice(-4)}`,
  };
}
