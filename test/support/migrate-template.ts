import { loadConfig } from '@app/core';
import { migrate } from '../../apps/cli/src/migrate.js';

const config = loadConfig();
await migrate(config.databaseUrl!);
