import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { probeRedis, safeUrl } from '@app/core';
import { freePort } from './free-port.js';

/** A dependency that is neither running nor startable here: one line saying what to install or set. */
export class MissingDependencyError extends Error {}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis a local run (the demo, the tests) uses: the one at REDIS_URL when it is set (it must
 * answer), else the one on 127.0.0.1:6379 if it answers, else a `redis-server` from the PATH started
 * here, bound to 127.0.0.1 on a free port with its files under `dir`, stopped by `stop`.
 */
export async function redisForLocalRun(redisUrl: string, redisUrlSet: boolean, dir: string, log: (line: string) => void): Promise<{ url: string; stop?: () => Promise<void> }> {
  const problem = await probeRedis(redisUrl, 1500);
  if (!problem) return { url: redisUrl };
  if (redisUrlSet) throw new MissingDependencyError(`Redis at REDIS_URL (${safeUrl(redisUrl)}) does not answer (${problem}): start it, or unset REDIS_URL to use or start a local one`);
  return startLocalRedis(dir, log);
}

async function startLocalRedis(dir: string, log: (line: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  const missing = `Redis: nothing answers on 127.0.0.1:6379 and no redis-server could be started from the PATH: install Redis 7 (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL`;
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--dir', path.resolve(dir), '--protected-mode', 'yes', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? 'is not on the PATH' : String(e)));
    child.once('exit', (code) => resolve(`exited with ${code}: ${output.trim().split('\n').pop() ?? ''}`));
  });
  // If this process ends without calling stop, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    const ended = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (ended !== null) throw new MissingDependencyError(`${missing} (redis-server ${ended})`);
    if ((await probeRedis(url, 500)) === null) {
      log(`started redis-server on 127.0.0.1:${port}, data in ${path.resolve(dir)}`);
      return {
        url,
        stop: async () => {
          process.removeListener('exit', killOnExit);
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        },
      };
    }
  }
  child.kill('SIGKILL');
  throw new MissingDependencyError(`${missing} (redis-server did not answer within 5 s)`);
}
