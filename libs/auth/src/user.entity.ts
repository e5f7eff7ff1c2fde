import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** A person who logs in. Installation-level (a Citus reference table): one person may serve many organizations. */
@Entity({ name: 'users' })
@Index('uq_users_username', ['username'], { unique: true })
@Check('ck_users_username', `username ~ '^[a-z0-9][a-z0-9._-]{2,49}$'`)
export class User {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'username', type: 'varchar', length: 50 })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  /** For the shareholder role: the shareholder record this login belongs to (linked by the register). */
  @Column({ name: 'shareholder_id', type: 'uuid', nullable: true })
  shareholderId: string | null;

  @Column({ name: 'disabled', type: 'boolean', default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A role on an organization; on a town it covers every organization below it (supervisor, auditor). */
@Entity({ name: 'role_grants' })
@Check('ck_role_grants_role', `role IN ('accountant','reviewer','cashier','board','supervisor','auditor','shareholder')`)
@Index('ix_role_grants_org', ['orgId'])
export class RoleGrant {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'role', type: 'varchar', length: 20 })
  role: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_role_grants_user' })
  user?: Relation<User>;

  // Named by string: the organizations context depends on auth, not the other way round.
  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_role_grants_org' })
  org?: unknown;
}
