import { Entity, PrimaryColumn } from 'typeorm';

/**
 * The key of a fixed-asset card, for the journal lines' `asset_id` foreign key only. The assets
 * tables are defined by their migration and read through AssetsRepository's SQL; `synchronize:
 * false` keeps the drift check to the key (the rest of the table is not described here).
 */
@Entity({ name: 'fixed_assets', synchronize: false })
export class FixedAssetKey {
  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'pk_fixed_assets' })
  orgId: string;

  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'pk_fixed_assets' })
  id: string;
}

export const ASSETS_ENTITIES = [FixedAssetKey];
