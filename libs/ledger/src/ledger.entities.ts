import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/**
 * The books (SPEC §2.1–§2.3). Every table leads its keys with org_id (Citus rule, SPEC §4); money is
 * numeric(20,2), never a float. The rules the database enforces (balance at commit, immutability of
 * posted vouchers, no posting into a closed period, balances maintained on posting) are triggers in
 * the migration.
 */
@Entity({ name: 'ledgers' })
@Index('uq_ledgers_name', ['orgId', 'name'], { unique: true })
@Check('ck_ledgers_kind', `kind IN ('collective','public')`)
@Check('ck_ledgers_start_period', `start_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
export class Ledger {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind: string;

  @Column({ name: 'chart', type: 'varchar', length: 10 })
  chart: string;

  @Column({ name: 'start_period', type: 'char', length: 7 })
  startPeriod: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_ledgers_org' })
  org?: unknown;
}

@Entity({ name: 'accounts' })
@Check('ck_accounts_normal_side', `normal_side IN ('debit','credit','both')`)
@Check('ck_accounts_code', `code ~ '^[0-9]{3}([0-9]{2})*$'`)
export class Account {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @PrimaryColumn({ name: 'code', type: 'varchar', length: 20 })
  code: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'category', type: 'varchar', length: 20 })
  category: string;

  @Column({ name: 'normal_side', type: 'varchar', length: 6 })
  normalSide: string;

  @Column({ name: 'contra', type: 'boolean', default: false })
  contra: boolean;

  @Column({ name: 'parent_code', type: 'varchar', length: 20, nullable: true })
  parentCode: string | null;

  @Column({ name: 'is_leaf', type: 'boolean', default: true })
  isLeaf: boolean;

  /** 113 内部往来 and 211 应付款 (and their sub-accounts): every line needs a counterparty, shareholder or household. */
  /** 151/152/154 (and their sub-accounts): the line carries a fixed-asset card (the assets context's dimension). */
  @Column({ name: 'needs_asset', type: 'boolean', default: false })
  needsAsset: boolean;

  @Column({ name: 'needs_counterparty', type: 'boolean', default: false })
  needsCounterparty: boolean;

  @ManyToOne(() => Ledger, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_accounts_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_accounts_ledger' },
  ])
  ledger?: Relation<Ledger>;
}

@Entity({ name: 'periods' })
@Check('ck_periods_status', `status IN ('open','closed')`)
export class Period {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @PrimaryColumn({ name: 'period', type: 'char', length: 7 })
  period: string;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'open' })
  status: string;

  /** The last 记 number given in this month; its row lock serializes posting (gapless numbering). */
  @Column({ name: 'last_voucher_number', type: 'integer', default: 0 })
  lastVoucherNumber: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @ManyToOne(() => Ledger, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_periods_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_periods_ledger' },
  ])
  ledger?: Relation<Ledger>;
}

@Entity({ name: 'opening_balances' })
@Check('ck_opening_balances_side', `debit >= 0 AND credit >= 0 AND NOT (debit <> 0 AND credit <> 0)`)
export class OpeningBalance {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @PrimaryColumn({ name: 'account_code', type: 'varchar', length: 20 })
  accountCode: string;

  @Column({ name: 'debit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  debit: string;

  @Column({ name: 'credit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  credit: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_opening_balances_account' },
    { name: 'ledger_id', referencedColumnName: 'ledgerId', foreignKeyConstraintName: 'fk_opening_balances_account' },
    { name: 'account_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_opening_balances_account' },
  ])
  account?: Relation<Account>;
}

@Entity({ name: 'vouchers' })
@Index('uq_vouchers_number', ['orgId', 'ledgerId', 'period', 'number'], { unique: true })
@Index('uq_vouchers_reverses', ['orgId', 'reversesId'], { unique: true })
@Index('ix_vouchers_ledger_period', ['orgId', 'ledgerId', 'period', 'status'])
/** An import's vouchers, for its audit state hash (issue 7): partial, so no other voucher pays for it. */
@Index('ix_vouchers_import', ['orgId', 'sourceRef'], { where: `source = 'import'` })
/** The voucher list's keyset (period, number with drafts last, created_at, id): an expression index, so TypeORM leaves it alone (migration ListKeysets). */
@Index('ix_vouchers_keyset', { synchronize: false })
@Check('ck_vouchers_status', `status IN ('draft','reviewed','posted')`)
@Check('ck_vouchers_source', `source IN ('manual','reversal','closing','distribution','payment','share_event','import','asset','rent')`)
@Check('ck_vouchers_period', `period = to_char(voucher_date, 'YYYY-MM')`)
@Check('ck_vouchers_number', `(status = 'posted') = (number IS NOT NULL)`)
@Check('ck_vouchers_attachments', `attachments >= 0`)
export class Voucher {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'period', type: 'char', length: 7 })
  period: string;

  @Column({ name: 'voucher_date', type: 'date' })
  voucherDate: string;

  @Column({ name: 'memo', type: 'varchar', length: 200 })
  memo: string;

  @Column({ name: 'attachments', type: 'integer', default: 0 })
  attachments: number;

  @Column({ name: 'status', type: 'varchar', length: 10 })
  status: string;

  @Column({ name: 'number', type: 'integer', nullable: true })
  number: number | null;

  @Column({ name: 'source', type: 'varchar', length: 20 })
  source: string;

  /** For a 红字冲销 voucher: the voucher it reverses (once: unique). */
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  /** The business document behind a system voucher (a distribution plan, a share event, a fiscal year). */
  @Column({ name: 'source_ref', type: 'varchar', length: 100, nullable: true })
  sourceRef: string | null;

  @Column({ name: 'prepared_by', type: 'uuid', nullable: true })
  preparedBy: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @ManyToOne(() => Ledger, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_vouchers_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_vouchers_ledger' },
  ])
  ledger?: Relation<Ledger>;
}

@Entity({ name: 'journal_lines' })
@Index('ix_journal_lines_account', ['orgId', 'ledgerId', 'accountCode'])
@Index('ix_journal_lines_asset', ['orgId', 'assetId'], { where: 'asset_id IS NOT NULL' })
@Check('ck_journal_lines_one_side', `(debit <> 0) <> (credit <> 0)`)
export class JournalLine {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'voucher_id', type: 'uuid' })
  voucherId: string;

  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'account_code', type: 'varchar', length: 20 })
  accountCode: string;

  @Column({ name: 'debit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  debit: string;

  @Column({ name: 'credit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  credit: string;

  @Column({ name: 'memo', type: 'varchar', length: 200, nullable: true })
  memo: string | null;

  @Column({ name: 'shareholder_id', type: 'uuid', nullable: true })
  shareholderId: string | null;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ name: 'counterparty', type: 'varchar', length: 100, nullable: true })
  counterparty: string | null;

  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId: string | null;

  @ManyToOne(() => Voucher, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_voucher' },
    { name: 'voucher_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_journal_lines_voucher' },
  ])
  voucher?: Relation<Voucher>;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_account' },
    { name: 'ledger_id', referencedColumnName: 'ledgerId', foreignKeyConstraintName: 'fk_journal_lines_account' },
    { name: 'account_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_journal_lines_account' },
  ])
  account?: Relation<Account>;

  /** A line's dimensions belong to the voucher's organization (SPEC §4): the keys carry org_id. */
  @ManyToOne('Shareholder', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_shareholder' },
    { name: 'shareholder_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_journal_lines_shareholder' },
  ])
  shareholder?: unknown;

  @ManyToOne('Household', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_household' },
    { name: 'household_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_journal_lines_household' },
  ])
  household?: unknown;

  @ManyToOne('FixedAssetKey', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_asset' },
    { name: 'asset_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_journal_lines_asset' },
  ])
  asset?: unknown;

  /** The card is of the line's ledger (Σ cards = 151/152 per ledger); added NOT VALID by 1795737300000-AssetRequired. */
  @ManyToOne('FixedAssetKey', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_journal_lines_asset_ledger' },
    { name: 'ledger_id', referencedColumnName: 'ledgerId', foreignKeyConstraintName: 'fk_journal_lines_asset_ledger' },
    { name: 'asset_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_journal_lines_asset_ledger' },
  ])
  assetOfLedger?: unknown;
}

/** Turnover per account per month, maintained by the posting trigger; the integrity check recomputes it. */
@Entity({ name: 'account_balances' })
export class AccountBalance {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @PrimaryColumn({ name: 'account_code', type: 'varchar', length: 20 })
  accountCode: string;

  @PrimaryColumn({ name: 'period', type: 'char', length: 7 })
  period: string;

  @Column({ name: 'debit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  debit: string;

  @Column({ name: 'credit', type: 'numeric', precision: 20, scale: 2, default: 0 })
  credit: string;
}

export const LEDGER_ENTITIES = [Ledger, Account, Period, OpeningBalance, Voucher, JournalLine, AccountBalance];
