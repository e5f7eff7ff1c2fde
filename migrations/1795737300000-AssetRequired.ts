import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * Issue 16 item 5 (SPEC §8): posting refuses a voucher with a line on an account flagged
 * `needs_asset` (151/152/154 and their sub-accounts) that carries no fixed-asset card
 * (ASSET_REQUIRED), except imported historical books and a 红字 reversal's line whose original had
 * no card. The check is folded into `vouchers_posted()` (the statement trigger every posting already
 * fires), so the posting path sends no extra statement. Frozen in
 * migrations/sql/1795737300000-AssetRequired.sql; down restores the previous function.
 */
export class AssetRequired1795737300000 implements MigrationInterface {
  name = 'AssetRequired1795737300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const s of migrationSql('1795737300000-AssetRequired')) await queryRunner.query(s);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const s of migrationSql('1795737300000-AssetRequired.down')) await queryRunner.query(s);
  }
}
