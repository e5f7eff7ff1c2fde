import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The key of a fixed-asset card, for the journal lines' `asset_id` foreign keys only. The assets
 * tables are defined by their migration and read through AssetsRepository's SQL; `synchronize:
 * false` keeps the drift check to the key (the rest of the table is not described here).
 */
@Entity({ name: 'fixed_assets', synchronize: false })
export class FixedAssetKey {
  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'pk_fixed_assets' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_fixed_assets' })
  id: string;

  /** With org_id and id, the key `uq_fixed_assets_ledger` the lines' `fk_journal_lines_asset_ledger` points at (a line's card is of its ledger). */
  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;
}

export const ASSETS_ENTITIES = [FixedAssetKey];
