/**
 * Issue 18, step 1: the cost of verifying one access token, as the access guard does on every
 * request, three ways — @nestjs/jwt given the secret as a string (what the API did before: jsonwebtoken
 * first tries the string as a PEM public key, fails, then derives a secret KeyObject, per call),
 * given a KeyObject made once (crypto.createSecretKey, what AuthModule does now), and the bare
 * HMAC-SHA256 of the token's first two parts (the floor). No database, no HTTP.
 *
 *   npx tsx bench/books-auth.bench.ts [--n 20000] [--out FILE]
 *
 * Writes results/<date>-books-auth.json with the machine and `uptime`'s load average.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { JwtService } from '@nestjs/jwt';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const n = Number(arg('n') ?? 20000);
const secret = 'bench-secret-bench-secret-bench-secret-0000';
const key = createSecretKey(Buffer.from(secret));

async function timed(label: string, verify: (token: string) => Promise<unknown>, token: string) {
  for (let i = 0; i < 2000; i++) await verify(token); // warm-up (JIT)
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await verify(token);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { label, n, totalMs: Math.round(ms), usPerVerification: Math.round((ms * 1000) / n * 10) / 10 };
}

async function main() {
  const loadBefore = os.loadavg();
  const byString = new JwtService({ secret, signOptions: { algorithm: 'HS256' } });
  const byKey = new JwtService({ secret: key, signOptions: { algorithm: 'HS256' } });
  const token = await byString.signAsync({ sub: '7b2c3f2e-8a51-4a59-9d6c-0d1f5d2a9c11', typ: 'access' }, { expiresIn: 3600 });
  if ((await byKey.verifyAsync<{ sub: string }>(token, { algorithms: ['HS256'] })).sub === undefined) throw new Error('KeyObject verification failed');
  const [head, body] = token.split('.');
  const rows = [
    await timed('secret as a string (before)', (t) => byString.verifyAsync(t, { algorithms: ['HS256'] }), token),
    await timed('secret as a KeyObject made once (now)', (t) => byKey.verifyAsync(t, { algorithms: ['HS256'] }), token),
    await timed('bare HMAC-SHA256 with the KeyObject (floor)', async () => createHmac('sha256', key).update(`${head}.${body}`).digest('base64url'), token),
  ];
  const result = {
    scenario: 'books-auth',
    date: new Date().toISOString(),
    what: 'µs per access-token verification (HS256), @nestjs/jwt verifyAsync, one thread, after 2,000 warm-up calls',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), uptime: execSync('uptime').toString().trim() },
    rows,
  };
  console.table(rows);
  const out = arg('out') ?? `bench/results/${result.date.slice(0, 10)}-books-auth.json`;
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`written ${out}`);
}
void main();
