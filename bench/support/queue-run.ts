/**
 * A queued run timed as production runs it: `workers` compiled worker processes (`npm run
 * start:worker`), the jobs enqueued by the caller, the clock from the first enqueue until `done()`
 * says the work is committed; the workers' RSS sampled from /proc (and VmHWM, the kernel's peak).
 */
import os from 'node:os';
import type { Bench } from './harness.js';
import { round } from './harness.js';
import { startWorkerArgs, WorkerProcess } from './worker-process.js';

export interface QueueRunFigures {
  workers: number;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  workerMemory: { samples: number; maxRssMiB: number; hwmMiB: number | null }[];
  /** CPU seconds each worker used during the run (user + system). */
  workerCpuSeconds: number[];
  peakRssMiB: number;
}

export async function queueRun(b: Bench, opts: { workers: number; enqueue: () => Promise<void>; done: () => Promise<boolean>; pollMs?: number; timeoutSeconds?: number }): Promise<QueueRunFigures> {
  const env = b.compiled.core.processEnv();
  const workers: WorkerProcess[] = [];
  try {
    for (let k = 0; k < opts.workers; k++) {
      workers.push(await WorkerProcess.start(startWorkerArgs(), { PATH: env.PATH, REDIS_URL: env.REDIS_URL, DATABASE_URL: b.databaseUrl, QUEUE_PREFIX: b.queuePrefix, DB_POOL_SIZE: '4' }));
    }
    const loadBefore = os.loadavg().map((x) => round(x, 2));
    for (const w of workers) w.startSampling();
    const cpu0 = workers.map((w) => w.cpuSeconds());
    const start = process.hrtime.bigint();
    await opts.enqueue();
    const deadline = Date.now() + (opts.timeoutSeconds ?? 1800) * 1000;
    while (!(await opts.done())) {
      if (Date.now() > deadline) throw new Error(`the queued run did not finish in ${opts.timeoutSeconds ?? 1800} s`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const workerMemory = workers.map((w) => ({ ...w.stopSampling(), hwmMiB: w.memory().hwmMiB }));
    const workerCpuSeconds = workers.map((w, k) => round(w.cpuSeconds() - cpu0[k], 2));
    const loadAfter = os.loadavg().map((x) => round(x, 2));
    return { workers: opts.workers, seconds: round(seconds, 2), loadBefore, loadAfter, workerMemory, workerCpuSeconds, peakRssMiB: Math.max(...workerMemory.map((m) => Math.max(m.maxRssMiB, m.hwmMiB ?? 0))) };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
