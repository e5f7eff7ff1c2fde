import type { DataSourceOptions } from 'typeorm';
import { AuditEntry, AuditHead } from '@app/audit';
import { RoleGrant, User } from '@app/auth';
import { IdempotencyKey } from '@app/core';
import { LEDGER_ENTITIES } from '@app/ledger';
import { Organization } from '@app/organizations';
import { SHARES_ENTITIES } from '@app/shares';
import { DIVIDENDS_ENTITIES } from '@app/dividends';
import { SUPERVISION_ENTITIES } from '@app/supervision';
import { ASSETS_ENTITIES } from '@app/assets';
import { MIGRATIONS } from './index.js';

/** Every entity, listed explicitly (no globs: the same list works under ts-jest, tsc output and the CLI). */
export const ENTITIES = [Organization, User, RoleGrant, AuditEntry, AuditHead, IdempotencyKey, ...LEDGER_ENTITIES, ...SHARES_ENTITIES, ...DIVIDENDS_ENTITIES, ...SUPERVISION_ENTITIES, ...ASSETS_ENTITIES];

/** The one DataSource definition: used by the API, the worker, the CLI, the tests and the drift check. */
export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // UTC sessions: audit state hashes of timestamptz columns must not depend on the server's zone.
    extra: { max: poolSize, options: '-c TimeZone=UTC' },
  };
}
