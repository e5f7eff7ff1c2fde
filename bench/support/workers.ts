/**
 * Worker processes for the queued scenarios: the compiled `apps/worker` (what `npm run start:worker`
 * runs), on the bench's database and queue prefix, with their peak memory read from /proc.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { memoryOf } from './harness.js';

export interface WorkerHandle {
  pid: number;
  /** VmHWM (peak resident set since start) and VmRSS now, MiB. */
  memory(): { peakMiB: number; rssMiB: number } | null;
  stop(): Promise<void>;
}

/** `baseEnv`: the bench's environment as the product's config reads it (`processEnv()`), for PATH and REDIS_URL. */
export async function startWorkers(
  count: number,
  baseEnv: Record<string, string | undefined>,
  env: { databaseUrl: string; queuePrefix: string; poolSize?: number },
): Promise<WorkerHandle[]> {
  const entry = new URL('../../dist/apps/worker/src/main.js', import.meta.url).pathname;
  const handles: WorkerHandle[] = [];
  for (let k = 0; k < count; k++) {
    const child: ChildProcess = spawn(process.execPath, [entry], {
      env: {
        PATH: baseEnv.PATH,
        DATABASE_URL: env.databaseUrl,
        QUEUE_PREFIX: env.queuePrefix,
        REDIS_URL: baseEnv.REDIS_URL ?? 'redis://127.0.0.1:6379',
        DB_POOL_SIZE: String(env.poolSize ?? 4),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).slice(-4000));
    // Ready once it logs that it started (its queues are then registered).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${k} did not start in 30 s: ${stderr}`)), 30_000);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('worker started')) {
          clearTimeout(timer);
          resolve();
        }
        out = out.slice(-2000);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker ${k} exited with ${code}: ${stderr}`));
      });
    });
    child.stdout!.resume();
    const pid = child.pid!;
    handles.push({
      pid,
      memory: () => memoryOf(pid),
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    });
  }
  return handles;
}
