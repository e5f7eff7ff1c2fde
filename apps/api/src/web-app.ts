import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/**
 * The built web app (SPEC §10), served by the API process: `vite build` writes it to dist/web at the
 * repository root (the portal under dist/web/m). Found by walking up from this file, so it is the
 * same directory whether the API runs compiled (dist/apps/api/src) or from source under jest.
 */
export function defaultWebRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'package.json'))) {
      const root = join(dir, 'dist', 'web');
      return existsSync(join(root, 'index.html')) ? root : null;
    }
    dir = dirname(dir);
  }
  return null;
}

// `/api*` crashes Nest 12's router; a missing asset must be a 404, not the page with 200.
const NOT_THE_PAGE = ['/api/{*path}', '/health/{*path}', '/assets/{*path}'];

/** Deep links answer the entry's index.html; /api, /health and missing assets fall through to Nest's JSON 404. */
export function webAppModule(root: string): DynamicModule {
  const portal = join(root, 'm');
  return ServeStaticModule.forRoot(
    ...(existsSync(join(portal, 'index.html')) ? [{ rootPath: portal, serveRoot: '/m', exclude: NOT_THE_PAGE }] : []),
    { rootPath: root, exclude: NOT_THE_PAGE },
  );
}
