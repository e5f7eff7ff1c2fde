import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A stored Idempotency-Key (SPEC §2.2). `scopeId` is the organization of the route, or the
 * installation scope for routes outside any organization; it leads the primary key (Citus rule).
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn({ name: 'scope_id', type: 'uuid' })
  scopeId: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 200 })
  key: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  /** The JSON text exactly as first sent (json/jsonb would reorder keys). */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
