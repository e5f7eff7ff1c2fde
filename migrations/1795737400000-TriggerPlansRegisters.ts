import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigger functions added since TriggerPlans1795721000000 (assets, contracts, shares' history,
 * supervision, the allocations' statement guard) get the same custom plan per call. Found by the
 * Dongguan depreciation bench: the worker's connection cached a generic plan of
 * `depreciation_lines_guard` made while the table was empty (a sequential scan), and each run's
 * 50-line INSERT then scanned every earlier run's lines — 0.4 s an INSERT by the 2,000th organization.
 * test/schema-sql.e2e.spec.ts now fails on a PL/pgSQL trigger function without it.
 */
const FUNCTIONS = [
  'depreciation_lines_guard',
  'fixed_assets_guard',
  'contracts_receipt_balanced',
  'contracts_schedule_guard',
  'contracts_trade_bid_guard',
  'contracts_trade_closed',
  'distribution_allocations_fixed',
  'share_event_legs_guard',
  'share_events_guard',
  'share_events_history_holds',
  'budget_lines_fixed',
  'audit_log_append_only',
  'disclosure_packs_immutable',
];

export class TriggerPlansRegisters1795737400000 implements MigrationInterface {
  name = 'TriggerPlansRegisters1795737400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() SET plan_cache_mode = force_custom_plan`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() RESET plan_cache_mode`);
  }
}
