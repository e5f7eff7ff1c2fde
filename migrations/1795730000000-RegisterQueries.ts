import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * The register's published queries (issue 13 item 3): other contexts read the shares context's
 * tables only through these SQL functions, owned by shares (libs/shares/src/schema/shares.sql).
 * `register_legs_on` is the one "what counts on a date" rule the register's holdings on a date and
 * the distribution's calculation both use; LANGUAGE sql STABLE, so the planner inlines them and the
 * calculation stays one set-based statement.
 */
export class RegisterQueries1795730000000 implements MigrationInterface {
  name = 'RegisterQueries1795730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const s of migrationSql('1795730000000-RegisterQueries')) await queryRunner.query(s);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION register_frozen_holders(uuid)`);
    await queryRunner.query(`DROP FUNCTION register_households(uuid)`);
    await queryRunner.query(`DROP FUNCTION register_holders(uuid)`);
    await queryRunner.query(`DROP FUNCTION register_holdings_on(uuid, date)`);
    await queryRunner.query(`DROP FUNCTION register_legs_on(uuid, date)`);
  }
}
