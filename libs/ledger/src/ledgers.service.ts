import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { Decimal, isUuid, money, Pager, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { AccountRow, BooksRepository, LedgerRow } from './books.repository.js';
import { loadChartTemplate } from './chart-template.js';
import { ASSET_CARD_ACCOUNTS, COUNTERPARTY_ACCOUNTS } from './system-accounts.js';
import { AccountView, CreateAccountDto, CreateLedgerDto, LedgerView, OpeningBalanceLineDto } from './dto/books.dto.js';
import { ledgerError } from './ledger-errors.js';
import { checkOpeningLines, OpeningLine } from './opening-balances.js';

registerEntitySnapshot('ledger', `SELECT to_jsonb(l) FROM ledgers l WHERE l.org_id = $1 AND l.id = $2::uuid`);
registerEntitySnapshot(
  'opening_balances',
  `SELECT coalesce(jsonb_agg(to_jsonb(o) ORDER BY o.account_code), '[]'::jsonb) FROM opening_balances o WHERE o.org_id = $1 AND o.ledger_id = $2::uuid`,
);

@Injectable()
export class LedgersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: BooksRepository,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  async create(orgId: string, input: CreateLedgerDto): Promise<LedgerView> {
    return this.tx.run(async () => {
      if ((await this.repo.ledgers(orgId)).some((l) => l.name === input.name)) {
        throw ledgerError('LEDGER_NAME_TAKEN', `A ledger named ${input.name} exists`, 409);
      }
      const id = randomUUID();
      await this.repo.insertLedger({ org_id: orgId, id, name: input.name, kind: input.kind, chart: input.chart, start_period: input.startPeriod });
      const template = loadChartTemplate(input.chart);
      const parents = new Set(template.map((a) => a.parentCode).filter(Boolean));
      await this.repo.insertAccounts(
        orgId,
        id,
        template.map((a) => ({
          code: a.code,
          name: a.name,
          category: a.category,
          normal_side: a.normalSide,
          contra: a.contra,
          parent_code: a.parentCode,
          is_leaf: !parents.has(a.code),
          needs_counterparty: COUNTERPARTY_ACCOUNTS.some((c) => a.code.startsWith(c)),
          needs_asset: ASSET_CARD_ACCOUNTS.some((c) => a.code.startsWith(c)),
        })),
      );
      await this.repo.ensurePeriod(orgId, id, input.startPeriod);
      await this.audit.record({ orgId, action: 'ledger.created', entity: 'ledger', entityId: id, payload: input });
      return toLedgerView((await this.repo.ledger(orgId, id))!);
    });
  }

  /** The organization's ledgers in the order they were made. */
  list(orgId: string, q: PageQueryDto = {}): Promise<Page<LedgerView>> {
    return this.pager.page('ledgers', q, 2, (page) => this.repo.ledgerPage(orgId, page), (r) => [r.created_key, r.id], (rows) => rows.map(toLedgerView));
  }

  /** The organization's first collective ledger (where the register books money), or null. Published for the shares context. */
  async collectiveLedgerId(orgId: string): Promise<string | null> {
    return (await this.repo.ledgers(orgId)).find((l) => l.kind === 'collective')?.id ?? null;
  }

  async get(orgId: string, ledgerId: string): Promise<LedgerRow> {
    const ledger = isUuid(ledgerId) ? await this.repo.ledger(orgId, ledgerId) : null;
    if (!ledger) throw ledgerError('LEDGER_NOT_FOUND', 'Ledger not found', 404);
    return ledger;
  }

  /** The chart in code order. */
  async accounts(orgId: string, ledgerId: string, q: PageQueryDto = {}): Promise<Page<AccountView>> {
    await this.get(orgId, ledgerId);
    return this.pager.page('accounts', q, 1, (page) => this.repo.accounts(orgId, ledgerId, page), (r) => [r.code], (rows) => rows.map(toAccountView));
  }

  /** A 明细科目: code = parent code + 2 digits; inherits the parent's nature; the parent stops taking postings. */
  async addAccount(orgId: string, ledgerId: string, input: CreateAccountDto): Promise<AccountView> {
    return this.tx.run(async () => {
      await this.get(orgId, ledgerId);
      if (!/^[0-9]{2}$/.test(input.code.slice(input.parentCode.length)) || input.code.length !== input.parentCode.length + 2 || !input.code.startsWith(input.parentCode)) {
        throw ledgerError('ACCOUNT_CODE_INVALID', `A sub-account of ${input.parentCode} is coded ${input.parentCode} + 2 digits`, 400);
      }
      const parent = await this.repo.lockAccount(orgId, ledgerId, input.parentCode);
      if (!parent) throw ledgerError('ACCOUNT_NOT_FOUND', `Account ${input.parentCode} does not exist`, 400);
      if ((await this.repo.accountsByCode(orgId, ledgerId, [input.code])).size > 0) throw ledgerError('ACCOUNT_EXISTS', `Account ${input.code} exists`, 409);
      if (parent.is_leaf && (await this.repo.accountInUse(orgId, ledgerId, parent.code))) {
        throw ledgerError('ACCOUNT_IN_USE', `Account ${parent.code} already has postings or an opening balance; it cannot get sub-accounts`, 409);
      }
      const account: AccountRow = { ...parent, code: input.code, name: input.name, parent_code: parent.code, is_leaf: true };
      await this.repo.insertAccounts(orgId, ledgerId, [account]);
      await this.repo.markNotLeaf(orgId, ledgerId, parent.code);
      await this.audit.record({ orgId, action: 'account.created', entity: 'ledger', entityId: ledgerId, payload: input });
      return toAccountView(account);
    });
  }

  /** 建账: replaces the opening balances of the start period; must balance; only before the first posting. */
  async setOpeningBalances(orgId: string, ledgerId: string, lines: OpeningBalanceLineDto[]): Promise<{ debit: string; credit: string; lines: number }> {
    return this.tx.run(async () => {
      await this.get(orgId, ledgerId);
      if (await this.repo.anyPosted(orgId, ledgerId)) throw ledgerError('OPENING_LOCKED', 'Opening balances are fixed once a voucher is posted', 409);
      const accounts = await this.repo.accountsByCode(orgId, ledgerId, lines.map((l) => l.accountCode));
      const checked = checkOpeningLines(lines, accounts, (i) => `lines[${i}]`);
      const first = checked.problems[0];
      if (first) throw ledgerError(first.code, first.message, 400, [{ field: first.field }]);
      if (checked.debit !== checked.credit) {
        throw ledgerError('OPENING_UNBALANCED', `Opening debits ${checked.debit} and credits ${checked.credit} differ`, 400, { debit: checked.debit, credit: checked.credit });
      }
      return this.writeOpeningBalances(orgId, ledgerId, checked.lines);
    });
  }

  /**
   * The write of 建账 for lines already checked (by setOpeningBalances or the bulk import): refused
   * once a voucher is posted; replaces the lines and records them in the audit chain.
   */
  async writeOpeningBalances(orgId: string, ledgerId: string, lines: OpeningLine[], via?: string): Promise<{ debit: string; credit: string; lines: number }> {
    return this.tx.run(async () => {
      if (await this.repo.anyPosted(orgId, ledgerId)) throw ledgerError('OPENING_LOCKED', 'Opening balances are fixed once a voucher is posted', 409);
      await this.repo.replaceOpeningBalances(orgId, ledgerId, lines);
      await this.audit.record({ orgId, action: 'ledger.opening_balances_set', entity: 'opening_balances', entityId: ledgerId, payload: via ? { lines, via } : { lines } });
      const sum = (side: 'debit' | 'credit') => money(lines.reduce((s, l) => s.plus(l[side]), new Decimal(0)));
      return { debit: sum('debit'), credit: sum('credit'), lines: lines.length };
    });
  }
}

function toLedgerView(l: LedgerRow): LedgerView {
  return { id: l.id, name: l.name, kind: l.kind, chart: l.chart, startPeriod: l.start_period };
}

function toAccountView(a: AccountRow): AccountView {
  return {
    code: a.code,
    name: a.name,
    category: a.category,
    normalSide: a.normal_side,
    contra: a.contra,
    parentCode: a.parent_code,
    leaf: a.is_leaf,
    needsCounterparty: a.needs_counterparty,
    needsAsset: a.needs_asset,
  };
}
