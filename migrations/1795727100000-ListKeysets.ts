import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes behind the keyset orders of the list routes (issue 12, SPEC §5). The other lists already
 * walk a primary or unique key (accounts, periods, households, shareholders, holdings, share
 * classes, users, the audit log) or are a handful of rows per organization (ledgers, plans).
 *
 * - vouchers: (period, number with drafts last, created_at, id) — an expression index, declared
 *   with synchronize: false on the entity;
 * - share_events: (effective_date, created_at, id);
 * - distribution_allocations: by shareholder number (the list and the statements).
 */
export class ListKeysets1795727100000 implements MigrationInterface {
    name = 'ListKeysets1795727100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_vouchers_keyset" ON "vouchers" ("org_id", "ledger_id", "period", (coalesce("number", 2147483647)), "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "ix_share_events_keyset" ON "share_events" ("org_id", "effective_date", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_distribution_allocations_number" ON "distribution_allocations" ("org_id", "plan_id", "shareholder_number") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_distribution_allocations_number"`);
        await queryRunner.query(`DROP INDEX "public"."ix_share_events_keyset"`);
        await queryRunner.query(`DROP INDEX "public"."ix_vouchers_keyset"`);
    }
}
