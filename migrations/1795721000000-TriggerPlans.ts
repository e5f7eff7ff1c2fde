import { MigrationInterface, QueryRunner } from "typeorm";

const FUNCTIONS = [
    'journal_lines_guard',
    'journal_lines_balanced',
    'vouchers_have_lines',
    'vouchers_guard',
    'opening_balances_balanced',
    'share_event_legs_conserved',
    'distribution_allocations_guard',
    'distribution_plans_guard',
];

/**
 * The per-row trigger functions look rows up by key. PL/pgSQL caches their plans; on a young database
 * without statistics a cached generic plan scanned a whole organization's lines on every call (found
 * by the books benchmark). A custom plan per call keeps the key lookups on their indexes.
 */
export class TriggerPlans1795721000000 implements MigrationInterface {
    name = 'TriggerPlans1795721000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() SET plan_cache_mode = force_custom_plan`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() RESET plan_cache_mode`);
    }
}
