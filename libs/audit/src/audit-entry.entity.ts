import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of an organization's audit chain (SPEC §2.7). Rows are appended only; `hash` is SHA-256
 * over the canonical encoding of the row including `prev_hash`, so any edit breaks the chain.
 * Installation-level actions (users, the organization tree) chain under the installation scope.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_entity', ['orgId', 'entity', 'entityId'])
@Index('ix_audit_log_actor', ['orgId', 'actorId'])
export class AuditEntry {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'seq', type: 'bigint' })
  seq: string;

  @Column({ name: 'at', type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName: string;

  @Column({ name: 'action', type: 'varchar', length: 100 })
  action: string;

  @Column({ name: 'entity', type: 'varchar', length: 60 })
  entity: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 100 })
  entityId: string;

  @Column({ name: 'payload', type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  /** SHA-256 of the entity's row(s) right after this write, so a direct SQL edit of the entity shows. */
  @Column({ name: 'state_hash', type: 'char', length: 64, nullable: true })
  stateHash: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ name: 'hash', type: 'char', length: 64 })
  hash: string;
}

/** The tip of each chain; its row lock serializes appends per organization. */
@Entity({ name: 'audit_heads' })
export class AuditHead {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'seq', type: 'bigint' })
  seq: string;

  @Column({ name: 'hash', type: 'char', length: 64 })
  hash: string;
}
