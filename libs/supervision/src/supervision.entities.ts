import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * 村级公共开支年度预算 (SPEC §9): one row per version of a public ledger's budget for a year. Version 1
 * is the original; each adjustment (预算调整) is a new version copied from the approved one, so the
 * history is the versions themselves. `draft → approved`; approving an adjustment marks the version it
 * replaces `superseded` (shown as `adjusted` history).
 */
@Entity({ name: 'budget_versions' })
@Index('uq_budget_versions_version', ['orgId', 'ledgerId', 'year', 'version'], { unique: true })
@Check('ck_budget_versions_status', `status IN ('draft','approved','superseded')`)
@Check('ck_budget_versions_year', `year BETWEEN 2000 AND 2100`)
export class BudgetVersion {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'year', type: 'integer' })
  year: number;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'status', type: 'varchar', length: 12 })
  status: string;

  /** Why this version exists (the adjustment's reason; null for the original). */
  @Column({ name: 'reason', type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne('Ledger', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_budget_versions_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_budget_versions_ledger' },
  ])
  ledger?: unknown;
}

/** A budget item of a version: code and name, the year's amount, the accounts (prefixes) whose debits are its actuals. */
@Entity({ name: 'budget_lines' })
@Check('ck_budget_lines_amount', `amount >= 0`)
export class BudgetLine {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @PrimaryColumn({ name: 'item_code', type: 'varchar', length: 20 })
  itemCode: string;

  @Column({ name: 'item_name', type: 'varchar', length: 100 })
  itemName: string;

  @Column({ name: 'amount', type: 'numeric', precision: 20, scale: 2 })
  amount: string;

  @Column({ name: 'accounts', type: 'text', array: true })
  accounts: string[];

  @ManyToOne('BudgetVersion', { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_budget_lines_version' },
    { name: 'version_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_budget_lines_version' },
  ])
  version?: unknown;
}

/**
 * A warning threshold of a town (SPEC §9: settings per town with a dated history): the value of one
 * rule's parameter from a date on. The value in force for a fact dated D is the row with the latest
 * `effective_from` ≤ D. Rows are never updated; a new row changes the value from its date.
 */
@Entity({ name: 'warning_thresholds' })
export class WarningThreshold {
  /** The town (an organization of kind town): org_id, as on every tenant table (the Citus rule). */
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  townId: string;

  @PrimaryColumn({ name: 'param', type: 'varchar', length: 40 })
  param: string;

  @PrimaryColumn({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'value', type: 'numeric', precision: 20, scale: 2 })
  value: string;

  @Column({ name: 'set_by', type: 'uuid', nullable: true })
  setBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_warning_thresholds_org' })
  town?: unknown;
}

/**
 * A raised warning (三色预警). One row per (rule, subject, period) — the database key that makes
 * evaluating twice find the same warning. `open → acknowledged → resolved | dismissed`.
 */
@Entity({ name: 'warnings' })
@Index('uq_warnings_key', ['orgId', 'ruleCode', 'subjectType', 'subjectId', 'period'], { unique: true })
@Index('ix_warnings_state', ['orgId', 'state'])
@Check('ck_warnings_colour', `colour IN ('red','yellow')`)
@Check('ck_warnings_state', `state IN ('open','acknowledged','resolved','dismissed')`)
@Check('ck_warnings_closed_reason', `state NOT IN ('resolved','dismissed') OR state_reason IS NOT NULL`)
export class Warning {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'rule_code', type: 'varchar', length: 10 })
  ruleCode: string;

  @Column({ name: 'rule_version', type: 'integer' })
  ruleVersion: number;

  @Column({ name: 'ledger_id', type: 'uuid', nullable: true })
  ledgerId: string | null;

  @Column({ name: 'period', type: 'char', length: 7 })
  period: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 20 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 80 })
  subjectId: string;

  @Column({ name: 'subject_label', type: 'varchar', length: 200 })
  subjectLabel: string;

  @Column({ name: 'measured', type: 'numeric', precision: 20, scale: 2 })
  measured: string;

  @Column({ name: 'threshold', type: 'numeric', precision: 20, scale: 2 })
  threshold: string;

  @Column({ name: 'colour', type: 'varchar', length: 6 })
  colour: string;

  @Column({ name: 'first_seen', type: 'date' })
  firstSeen: string;

  @Column({ name: 'last_seen', type: 'date' })
  lastSeen: string;

  @Column({ name: 'state', type: 'varchar', length: 12, default: 'open' })
  state: string;

  @Column({ name: 'state_reason', type: 'varchar', length: 500, nullable: true })
  stateReason: string | null;

  @Column({ name: 'state_by', type: 'uuid', nullable: true })
  stateBy: string | null;

  @Column({ name: 'state_at', type: 'timestamptz', nullable: true })
  stateAt: Date | null;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_warnings_org' })
  org?: unknown;
}

/**
 * 财务公开: a month's publication pack, an immutable snapshot (a trigger refuses UPDATE and DELETE;
 * its content hash is in the audit chain). A later version of the same month supersedes it.
 */
@Entity({ name: 'disclosure_packs' })
@Index('uq_disclosure_packs_version', ['orgId', 'ledgerId', 'period', 'version'], { unique: true })
export class DisclosurePack {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Column({ name: 'period', type: 'char', length: 7 })
  period: string;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'content', type: 'jsonb' })
  content: unknown;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @ManyToOne('Ledger', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_disclosure_packs_ledger' },
    { name: 'ledger_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_disclosure_packs_ledger' },
  ])
  ledger?: unknown;
}

/** A member's 异议 on a line of a pack, and the accountant's answer. */
@Entity({ name: 'disclosure_objections' })
@Index('ix_disclosure_objections_pack', ['orgId', 'packId'])
@Check('ck_disclosure_objections_answer', `(answer IS NULL) = (answered_at IS NULL)`)
export class DisclosureObjection {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'pack_id', type: 'uuid' })
  packId: string;

  /** Which line: `<section>:<index>` of the pack's content (e.g. `lines:3`). */
  @Column({ name: 'line_ref', type: 'varchar', length: 40 })
  lineRef: string;

  @Column({ name: 'text', type: 'varchar', length: 500 })
  text: string;

  @Column({ name: 'filed_by', type: 'uuid' })
  filedBy: string;

  @Column({ name: 'answer', type: 'varchar', length: 500, nullable: true })
  answer: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne('DisclosurePack', { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_disclosure_objections_pack' },
    { name: 'pack_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_disclosure_objections_pack' },
  ])
  pack?: unknown;
}

export const SUPERVISION_ENTITIES = [BudgetVersion, BudgetLine, WarningThreshold, Warning, DisclosurePack, DisclosureObjection];
