import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * Issue 16 item 5 (SPEC §8): posting refuses a voucher with a line on an account flagged
 * `needs_asset` (151/152/154 and their sub-accounts) that carries no fixed-asset card
 * (ASSET_REQUIRED), except imported historical books and a 红字 reversal's line whose original had
 * no card. The check is folded into `vouchers_posted()` (the statement trigger every posting already
 * fires), so the posting path sends no extra statement. Frozen in
 * migrations/sql/1795737300000-AssetRequired.sql; down restores the previous function.
 * A line's card belongs to the line's ledger (`fk_journal_lines_asset_ledger`: Σ cards = 151/152 is
 * per ledger); NOT VALID, so a database whose old lines disagree still migrates (new lines are checked).
 */
export class AssetRequired1795737300000 implements MigrationInterface {
  name = 'AssetRequired1795737300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fixed_assets" ADD CONSTRAINT "uq_fixed_assets_ledger" UNIQUE ("org_id", "ledger_id", "id")`);
    await queryRunner.query(
      `ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_asset_ledger" FOREIGN KEY ("org_id", "ledger_id", "asset_id") REFERENCES "fixed_assets"("org_id", "ledger_id", "id") ON DELETE RESTRICT NOT VALID`,
    );
    for (const s of migrationSql('1795737300000-AssetRequired')) await queryRunner.query(s);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const s of migrationSql('1795737300000-AssetRequired.down')) await queryRunner.query(s);
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_asset_ledger"`);
    await queryRunner.query(`ALTER TABLE "fixed_assets" DROP CONSTRAINT "uq_fixed_assets_ledger"`);
  }
}
