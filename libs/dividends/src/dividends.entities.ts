import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/**
 * The year-end distribution (SPEC §2.5). One plan per (organization, ledger, fiscal year); its
 * allocations are written in one statement by the calculation job; the database keeps each
 * allocation's arithmetic and payments honest (checks below, triggers in the migration).
 */
@Entity({ name: 'distribution_plans' })
@Index('uq_distribution_plans_year', ['orgId', 'ledgerId', 'fiscalYear'], { unique: true })
@Check('ck_distribution_plans_status', `status IN ('draft','calculated','public_notice','approved','posted','partly_paid','paid')`)
@Check('ck_distribution_plans_amount', `(total_amount IS NULL) <> (amount_per_unit IS NULL)`)
@Check('ck_distribution_plans_reserve', `reserve_percent >= 0 AND reserve_percent <= 100`)
@Check('ck_distribution_plans_tax', `tax_rate >= 0 AND tax_rate < 1`)
export class DistributionPlan {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  /** 股权登记日. */
  @Column({ name: 'record_date', type: 'date' })
  recordDate: string;

  @Column({ name: 'reserve_percent', type: 'numeric', precision: 5, scale: 2 })
  reservePercent: string;

  @Column({ name: 'total_amount', type: 'numeric', precision: 20, scale: 2, nullable: true })
  totalAmount: string | null;

  @Column({ name: 'amount_per_unit', type: 'numeric', precision: 20, scale: 4, nullable: true })
  amountPerUnit: string | null;

  /** Weight per share class code, as decimal strings. */
  @Column({ name: 'class_weights', type: 'jsonb' })
  classWeights: Record<string, string>;

  @Column({ name: 'prorate_by_days', type: 'boolean', default: false })
  prorateByDays: boolean;

  @Column({ name: 'tax_rate', type: 'numeric', precision: 6, scale: 4, default: 0 })
  taxRate: string;

  @Column({ name: 'payable_account', type: 'varchar', length: 20 })
  payableAccount: string;

  @Column({ name: 'status', type: 'varchar', length: 15 })
  status: string;

  /** The year's figures from the books when the plan was drawn up. */
  @Column({ name: 'profit', type: 'numeric', precision: 20, scale: 2 })
  profit: string;

  @Column({ name: 'opening_undistributed', type: 'numeric', precision: 20, scale: 2 })
  openingUndistributed: string;

  @Column({ name: 'reserve_amount', type: 'numeric', precision: 20, scale: 2 })
  reserveAmount: string;

  @Column({ name: 'override_reason', type: 'varchar', length: 500, nullable: true })
  overrideReason: string | null;

  @Column({ name: 'warnings', type: 'jsonb', default: () => `'[]'` })
  warnings: string[];

  @Column({ name: 'units_total', type: 'numeric', precision: 30, scale: 8, nullable: true })
  unitsTotal: string | null;

  @Column({ name: 'gross_total', type: 'numeric', precision: 20, scale: 2, nullable: true })
  grossTotal: string | null;

  @Column({ name: 'tax_total', type: 'numeric', precision: 20, scale: 2, nullable: true })
  taxTotal: string | null;

  @Column({ name: 'collective_gross', type: 'numeric', precision: 20, scale: 2, nullable: true })
  collectiveGross: string | null;

  @Column({ name: 'allocation_count', type: 'integer', nullable: true })
  allocationCount: number | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  /** The business day (Asia/Shanghai) the board approved the plan; on the shareholder's statement. */
  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  @Column({ name: 'voucher_ids', type: 'jsonb', default: () => `'[]'` })
  voucherIds: string[];

  /** The plan's own 公示: the last day of the notice while the plan is in `public_notice`. */
  @Column({ name: 'notice_ends_on', type: 'date', nullable: true })
  noticeEndsOn: string | null;

  /** Objections raised during a 公示, [{at, by, reason}]; each sent the plan back to `calculated`. */
  @Column({ name: 'objections', type: 'jsonb', default: () => `'[]'` })
  objections: unknown;

  /** Why the board approved without a 公示 (the database requires it for calculated → approved). */
  @Column({ name: 'notice_skip_reason', type: 'varchar', length: 500, nullable: true })
  noticeSkipReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'calculated_at', type: 'timestamptz', nullable: true })
  calculatedAt: Date | null;

  @ManyToOne('Ledger', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_distribution_plans_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_distribution_plans_ledger' },
  ])
  ledger?: unknown;
}

/** One shareholder's share of a plan: the per-shareholder payable register. */
@Entity({ name: 'distribution_allocations' })
/** The allocation list's keyset order, by shareholder number (issue 12). */
@Index('ix_distribution_allocations_number', ['orgId', 'planId', 'shareholderNumber'])
@Check('ck_distribution_allocations_amounts', `gross >= 0 AND tax >= 0 AND net = gross - tax AND withheld >= 0 AND withheld <= net`)
@Check('ck_distribution_allocations_paid', `paid >= 0 AND paid <= net`)
export class DistributionAllocation {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @PrimaryColumn({ name: 'shareholder_id', type: 'uuid' })
  shareholderId: string;

  @Column({ name: 'shareholder_number', type: 'varchar', length: 30 })
  shareholderNumber: string;

  @Column({ name: 'collective', type: 'boolean' })
  collective: boolean;

  /** Σ weight × quantity on the record date (× days held / days in the year when pro-rated), 8 places. */
  @Column({ name: 'units', type: 'numeric', precision: 30, scale: 8 })
  units: string;

  @Column({ name: 'frozen_units', type: 'numeric', precision: 30, scale: 8 })
  frozenUnits: string;

  @Column({ name: 'gross', type: 'numeric', precision: 20, scale: 2 })
  gross: string;

  @Column({ name: 'tax', type: 'numeric', precision: 20, scale: 2 })
  tax: string;

  @Column({ name: 'net', type: 'numeric', precision: 20, scale: 2 })
  net: string;

  /** The part of `net` on frozen shares: allocated, not payable until the shares are unfrozen. */
  @Column({ name: 'withheld', type: 'numeric', precision: 20, scale: 2 })
  withheld: string;

  @Column({ name: 'paid', type: 'numeric', precision: 20, scale: 2, default: 0 })
  paid: string;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @ManyToOne(() => DistributionPlan, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_distribution_allocations_plan' },
    { name: 'plan_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_distribution_allocations_plan' },
  ])
  plan?: Relation<DistributionPlan>;
}

/** A bank 代发 batch: the rows it pays, confirmed once. */
@Entity({ name: 'payment_batches' })
@Check('ck_payment_batches_status', `status IN ('prepared','confirmed')`)
export class PaymentBatch {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'status', type: 'varchar', length: 10 })
  status: string;

  @Column({ name: 'total', type: 'numeric', precision: 20, scale: 2 })
  total: string;

  /** [{shareholderId, payeeId, amount}] */
  @Column({ name: 'rows', type: 'jsonb' })
  rows: unknown;

  @Column({ name: 'voucher_id', type: 'uuid', nullable: true })
  voucherId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @ManyToOne(() => DistributionPlan, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_payment_batches_plan' },
    { name: 'plan_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_payment_batches_plan' },
  ])
  plan?: Relation<DistributionPlan>;
}

export const DIVIDENDS_ENTITIES = [DistributionPlan, DistributionAllocation, PaymentBatch];
