import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/**
 * The share register (SPEC §2.4). Tenant tables lead every key with org_id. Quantities are
 * numeric(18,4); the database refuses negative holdings and frozen above the holding, and refuses
 * changes to effective events and to any event's legs (triggers in the migration).
 */
@Entity({ name: 'households' })
@Index('uq_households_code', ['orgId', 'code'], { unique: true })
@Check('ck_households_status', `status IN ('active','merged')`)
export class Household {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'code', type: 'varchar', length: 30 })
  code: string;

  @Column({ name: 'address', type: 'varchar', length: 200, nullable: true })
  address: string | null;

  /** The head may receive the household's payouts. */
  @Column({ name: 'head_shareholder_id', type: 'uuid', nullable: true })
  headShareholderId: string | null;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'active' })
  status: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_households_org' })
  org?: unknown;
}

@Entity({ name: 'shareholders' })
@Index('uq_shareholders_number', ['orgId', 'number'], { unique: true })
@Index('uq_shareholders_id_number', ['orgId', 'idNumber'], { unique: true })
@Index('ix_shareholders_household', ['orgId', 'householdId'])
@Check('ck_shareholders_status', `status IN ('active','deceased','exited')`)
@Check('ck_shareholders_deceased', `(status = 'deceased') = (deceased_on IS NOT NULL)`)
@Check('ck_shareholders_identity', `collective OR id_number IS NOT NULL`)
export class Shareholder {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'number', type: 'varchar', length: 30 })
  number: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  /** 身份证 (GB 11643, validated), stored whole so it can be searched exactly; shown masked. */
  @Column({ name: 'id_number', type: 'char', length: 18, nullable: true })
  idNumber: string | null;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  /** A non-member (e.g. an heir from outside) holds shares for dividends only. */
  @Column({ name: 'member', type: 'boolean' })
  member: boolean;

  /** The organization itself, holder of 集体股: one per organization. */
  @Column({ name: 'collective', type: 'boolean', default: false })
  collective: boolean;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'active' })
  status: string;

  @Column({ name: 'deceased_on', type: 'date', nullable: true })
  deceasedOn: string | null;

  @Column({ name: 'phone', type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ name: 'bank_account', type: 'varchar', length: 40, nullable: true })
  bankAccount: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_shareholders_household' },
    { name: 'household_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_shareholders_household' },
  ])
  household?: Relation<Household>;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_shareholders_org' })
  org?: unknown;
}

@Entity({ name: 'share_classes' })
@Check('ck_share_classes_weight', `weight >= 0`)
@Check('ck_share_classes_non_inheritable', `non_inheritable_to IN ('collective','cancel')`)
export class ShareClass {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'code', type: 'varchar', length: 20 })
  code: string;

  @Column({ name: 'name', type: 'varchar', length: 50 })
  name: string;

  /** Dividend weight, e.g. 1 for 基本股, 0.5 for 劳龄股. */
  @Column({ name: 'weight', type: 'numeric', precision: 10, scale: 4 })
  weight: string;

  @Column({ name: 'transferable', type: 'boolean' })
  transferable: boolean;

  @Column({ name: 'giftable', type: 'boolean' })
  giftable: boolean;

  @Column({ name: 'inheritable', type: 'boolean' })
  inheritable: boolean;

  /** Whether the organization's charter lets it buy these shares back (回购/退股). */
  @Column({ name: 'redeemable', type: 'boolean', default: false })
  redeemable: boolean;

  /** 项目股: shares bought into a project (project_investment events). */
  @Column({ name: 'project', type: 'boolean', default: false })
  project: boolean;

  /** Where shares of a non-inheritable class go when their holder dies. */
  @Column({ name: 'non_inheritable_to', type: 'varchar', length: 10, default: 'collective' })
  nonInheritableTo: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_share_classes_org' })
  org?: unknown;
}

@Entity({ name: 'share_events' })
@Index('uq_share_events_corrects', ['orgId', 'correctsId'], { unique: true })
@Index('ix_share_events_status', ['orgId', 'status'])
/** The list's keyset order (issue 12). */
@Index('ix_share_events_keyset', ['orgId', 'effectiveDate', 'createdAt', 'id'])
@Check(
  'ck_share_events_type',
  `type IN ('initial_allocation','transfer','gift','inheritance','purchase','project_investment','redemption','freeze','unfreeze','correction')`,
)
@Check('ck_share_events_status', `status IN ('pending','approved','public_notice','effective','rejected','cancelled','withdrawn')`)
export class ShareEvent {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'type', type: 'varchar', length: 20 })
  type: string;

  @Column({ name: 'status', type: 'varchar', length: 15 })
  status: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate: string;

  /** References of the supporting documents (contracts, certificates, resolutions). */
  @Column({ name: 'documents', type: 'jsonb', default: () => `'[]'` })
  documents: string[];

  /** The type-specific request (heirs and fractions, price, relationship …), as applied for. */
  @Column({ name: 'details', type: 'jsonb', default: () => `'{}'` })
  details: unknown;

  @Column({ name: 'objections', type: 'jsonb', default: () => `'[]'` })
  objections: unknown;

  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId: string | null;

  @Column({ name: 'voucher_id', type: 'uuid', nullable: true })
  voucherId: string | null;

  @Column({ name: 'applied_by', type: 'uuid', nullable: true })
  appliedBy: string | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'notice_ends_on', type: 'date', nullable: true })
  noticeEndsOn: string | null;

  @Column({ name: 'closed_reason', type: 'varchar', length: 500, nullable: true })
  closedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'effective_at', type: 'timestamptz', nullable: true })
  effectiveAt: Date | null;
}

/** One change of one holding: ± quantity (holding) or ± frozen (freeze, unfreeze). */
@Entity({ name: 'share_event_legs' })
@Index('ix_share_event_legs_holder', ['orgId', 'shareholderId'])
@Check('ck_share_event_legs_change', `quantity <> 0 OR frozen <> 0`)
export class ShareEventLeg {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'leg_no', type: 'integer' })
  legNo: number;

  @Column({ name: 'shareholder_id', type: 'uuid' })
  shareholderId: string;

  @Column({ name: 'class_code', type: 'varchar', length: 20 })
  classCode: string;

  @Column({ name: 'quantity', type: 'numeric', precision: 18, scale: 4, default: 0 })
  quantity: string;

  @Column({ name: 'frozen', type: 'numeric', precision: 18, scale: 4, default: 0 })
  frozen: string;

  @ManyToOne(() => ShareEvent, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_share_event_legs_event' },
    { name: 'event_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_share_event_legs_event' },
  ])
  event?: Relation<ShareEvent>;

  @ManyToOne(() => Shareholder, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_share_event_legs_shareholder' },
    { name: 'shareholder_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_share_event_legs_shareholder' },
  ])
  shareholder?: Relation<Shareholder>;

  @ManyToOne(() => ShareClass, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_share_event_legs_class' },
    { name: 'class_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_share_event_legs_class' },
  ])
  shareClass?: Relation<ShareClass>;
}

/** Current holdings: the maintained projection of the effective events' legs. */
@Entity({ name: 'holdings' })
@Check('ck_holdings_not_negative', `quantity >= 0`)
@Check('ck_holdings_frozen', `frozen >= 0 AND frozen <= quantity`)
export class Holding {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'shareholder_id', type: 'uuid' })
  shareholderId: string;

  @PrimaryColumn({ name: 'class_code', type: 'varchar', length: 20 })
  classCode: string;

  @Column({ name: 'quantity', type: 'numeric', precision: 18, scale: 4, default: 0 })
  quantity: string;

  @Column({ name: 'frozen', type: 'numeric', precision: 18, scale: 4, default: 0 })
  frozen: string;

  @ManyToOne(() => Shareholder, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_holdings_shareholder' },
    { name: 'shareholder_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_holdings_shareholder' },
  ])
  shareholder?: Relation<Shareholder>;

  @ManyToOne(() => ShareClass, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_holdings_class' },
    { name: 'class_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_holdings_class' },
  ])
  shareClass?: Relation<ShareClass>;
}

export const SHARES_ENTITIES = [Household, Shareholder, ShareClass, ShareEvent, ShareEventLeg, Holding];
