import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 §5: a voucher line's shareholder and household must exist in the voucher's own
 * organization. Foreign keys with org_id (the Citus rule), checked by the database on every path
 * (HTTP, bulk import, CLI). NOT VALID first, then VALIDATE, so existing rows are checked without
 * holding a lock that blocks writers for the whole scan.
 */
export class LineDimensionKeys1795727000000 implements MigrationInterface {
  name = 'LineDimensionKeys1795727000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_shareholder" FOREIGN KEY ("org_id", "shareholder_id") REFERENCES "shareholders"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION NOT VALID`,
    );
    await queryRunner.query(
      `ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_household" FOREIGN KEY ("org_id", "household_id") REFERENCES "households"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION NOT VALID`,
    );
    await queryRunner.query(`ALTER TABLE "journal_lines" VALIDATE CONSTRAINT "fk_journal_lines_shareholder"`);
    await queryRunner.query(`ALTER TABLE "journal_lines" VALIDATE CONSTRAINT "fk_journal_lines_household"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_household"`);
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_shareholder"`);
  }
}
