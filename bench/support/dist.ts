/**
 * The benchmark runs the COMPILED application (dist/, built by `npm run build` with tsc, which emits
 * the decorator metadata Nest's dependency injection needs; tsx/esbuild does not). Types come from
 * the sources, so the bench is typechecked against the same code it runs.
 */
export type Bootstrap = typeof import('../../apps/api/src/bootstrap.js');
export type Migrate = typeof import('../../apps/cli/src/migrate.js');
export type Core = typeof import('../../libs/core/src/index.js');
export type Auth = typeof import('../../libs/auth/src/index.js');
export type Organizations = typeof import('../../libs/organizations/src/index.js');
export type Dividends = typeof import('../../libs/dividends/src/index.js');

const DIST = new URL('../../dist/', import.meta.url);

async function load<T>(path: string): Promise<T> {
  const url = new URL(path, DIST);
  try {
    return (await import(url.href)) as T;
  } catch (error) {
    throw new Error(`cannot load ${url.pathname} (run \`npm run build\` first, or use \`npm run bench:books\`): ${(error as Error).message}`, { cause: error });
  }
}

export interface Compiled {
  bootstrap: Bootstrap;
  migrate: Migrate;
  core: Core;
  auth: Auth;
  organizations: Organizations;
  dividends: Dividends;
}

export async function loadCompiled(): Promise<Compiled> {
  // reflect-metadata first, as the entry points do.
  await import('reflect-metadata');
  return {
    core: await load<Core>('libs/core/src/index.js'),
    auth: await load<Auth>('libs/auth/src/index.js'),
    organizations: await load<Organizations>('libs/organizations/src/index.js'),
    dividends: await load<Dividends>('libs/dividends/src/index.js'),
    migrate: await load<Migrate>('apps/cli/src/migrate.js'),
    bootstrap: await load<Bootstrap>('apps/api/src/bootstrap.js'),
  };
}
