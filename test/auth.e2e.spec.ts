import { Writable } from 'node:stream';
import { JwtService } from '@nestjs/jwt';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

describe('login, tokens, rate limit and log redaction', () => {
  let t: TestApp;
  let world: World;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOG_LEVEL: 'info' }, logStream });
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  it('the right password gives a bearer token that identifies the user', async () => {
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'board', password: 'board-password' });
    expect(login.status).toBe(200);
    expect(login.body.tokenType).toBe('Bearer');
    expect(login.body.expiresIn).toBe(3600);
    const me = await t.http().get('/api/v1/me').set(bearer(login.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: world.userIds.board, username: 'board', isAdmin: false, shareholderId: null, grants: [{ orgId: world.unionId, role: 'board' }] });
  });

  it('a wrong password or an unknown user is 401 INVALID_CREDENTIALS, the same answer for both', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'reviewer', password: 'nope-nope-nope' });
    const unknown = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'nope-nope-nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      expect(res.body.message).toBe('Wrong username or password');
      expect(typeof res.body.requestId).toBe('string');
    }
  });

  it('an expired, forged, malformed or missing token is 401 UNAUTHENTICATED', async () => {
    const jwt = new JwtService({});
    const expired = await jwt.signAsync(
      { sub: world.userIds.admin, typ: 'access', iat: 1_600_000_000, exp: 1_600_000_100 },
      { secret: t.config.jwtSecret, algorithm: 'HS256' },
    );
    const forged = await jwt.signAsync({ sub: world.userIds.admin, typ: 'access' }, { secret: 'another-secret-another-secret-000000', algorithm: 'HS256' });
    for (const headers of [bearer(expired), bearer(forged), bearer('not.a.jwt'), { Authorization: 'Basic YWRtaW46eA==' }, {}]) {
      const res = await t.http().get('/api/v1/me').set(headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a disabled user’s token stops working at once', async () => {
    await t.sql(`UPDATE users SET disabled = true WHERE username = 'cashier'`);
    const res = await t.http().get('/api/v1/me').set(bearer(world.tokens.cashier));
    expect(res.status).toBe(401);
  });

  it('login attempts are rate limited per client and username (429 RATE_LIMITED)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ username: 'supervisor', password: `guess-${i}-guess` });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
    }
    // The limit is 5 a minute and seedWorld already logged in once: four more wrong guesses, then 429.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429]);
    // Another username from the same client is not locked out.
    const other = await t.http().post('/api/v1/auth/login').send({ username: 'auditor', password: 'auditor-password' });
    expect(other.status).toBe(200);
  });

  it('validation errors list the fields and write nothing', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 42, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'password', 'username']);
  });

  it('malformed JSON is a 400 with a stable code', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('request ids are echoed and reused from X-Request-Id', async () => {
    const res = await t.http().get('/health/live').set('X-Request-Id', 'req-12345678');
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('logs never contain passwords, tokens or ID numbers', async () => {
    await t.http().post('/api/v1/auth/login').send({ username: 'board', password: 'board-password' });
    await t.http().get('/api/v1/orgs?idNumber=441900198001011237').set(bearer(world.tokens.accountant));
    const text = logLines.join('');
    expect(text).toContain('"url":"/api/v1/orgs?idNumber=441900********1237"');
    expect(text).not.toContain('board-password');
    expect(text).not.toContain(world.tokens.accountant);
    expect(text).not.toContain('441900198001011237');
  });
});
