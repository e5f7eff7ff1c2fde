import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app.js';

/** The API serves the built web app (SPEC §10): deep links get the page, /api and /health stay JSON. */
describe('web app served by the API', () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cl-web-'));
    mkdirSync(join(root, 'assets'));
    mkdirSync(join(root, 'm'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'm', 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(root, 'assets', 'console-abc.js'), 'export {};');
    t = await startTestApp({ webRoot: root });
  });

  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the console page at / and on deep links', async () => {
    for (const path of ['/', '/vouchers/new', '/reports?from=2024-01']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<title>console</title>');
    }
  });

  it('answers the portal page under /m/', async () => {
    for (const path of ['/m/', '/m/holdings']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<title>portal</title>');
    }
  });

  it('serves assets, and a missing asset is a 404, not the page', async () => {
    const js = await t.http().get('/assets/console-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const missing = await t.http().get('/assets/console-old.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<title>console</title>');
  });

  it('keeps /api and /health JSON', async () => {
    const unknown = await t.http().get('/api/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/json/);
    expect(unknown.body.statusCode).toBe(404);
    const me = await t.http().get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toMatch(/application\/json/);
    const healthUnknown = await t.http().get('/health/nope');
    expect(healthUnknown.status).toBe(404);
    expect(healthUnknown.text).not.toContain('<title>console</title>');
  });
});
