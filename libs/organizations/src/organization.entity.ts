import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

export type OrgKind = 'town' | 'union' | 'cooperative';
export const ORG_KINDS: readonly OrgKind[] = ['town', 'union', 'cooperative'];

/**
 * A town (镇街), a 股份经济联合社 (`union`, village) or a 股份经济合作社 (`cooperative`, group).
 * The organization is the tenant itself: under Citus this is a reference table, and every tenant
 * table's `org_id` points here.
 */
@Entity({ name: 'organizations' })
@Index('uq_organizations_code', ['code'], { unique: true })
@Index('ix_organizations_parent', ['parentId'])
@Check('ck_organizations_kind', `kind IN ('town','union','cooperative')`)
@Check('ck_organizations_parent', `(kind = 'town') = (parent_id IS NULL)`)
@Check('ck_organizations_notice_days', `notice_days BETWEEN 0 AND 90`)
@Check('ck_organizations_min_reserve', `min_reserve_percent >= 0 AND min_reserve_percent <= 100`)
export class Organization {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  /** 统一社会信用代码 (GB 32100), validated before insert. */
  @Column({ name: 'code', type: 'char', length: 18 })
  code: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind: OrgKind;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** Every ancestor, nearest last: a grant on any of them covers this organization. */
  @Column({ name: 'ancestor_ids', type: 'uuid', array: true, default: () => `'{}'` })
  ancestorIds: string[];

  /** Charter rule: 公示 period of share events and distribution plans, in days. */
  @Column({ name: 'notice_days', type: 'integer', default: 7 })
  noticeDays: number;

  /** Charter rule: minimum 提取公积公益金 as a percentage of the year's profit. */
  @Column({ name: 'min_reserve_percent', type: 'numeric', precision: 5, scale: 2, default: 0 })
  minReservePercent: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_organizations_parent' })
  parent?: Relation<Organization>;
}
