import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../migrations/data-source-options.js';

/** Applies pending migrations; returns their names. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, 2));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
