/**
 * The compiled worker app, started as `npm run start:worker` starts it (the command is read from
 * package.json, Node flags included), as a child process watched from /proc: its resident memory
 * (VmRSS sampled, VmHWM = the kernel's own high-water mark) and its CPU time. Linux only.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { memoryOf, stopChild } from './harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TICKS_PER_SECOND = 100; // USER_HZ

export interface Memory {
  /** Resident set now, MiB. */
  rssMiB: number;
  /** Peak resident set since the process started (VmHWM), MiB. */
  hwmMiB: number;
}

function status(pid: number): Memory {
  const memory = memoryOf(pid);
  if (!memory) throw new Error(`process ${pid} is gone`);
  return { rssMiB: memory.rssMiB, hwmMiB: memory.peakMiB };
}

/** utime + stime, seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The arguments after `node` in package.json's start:worker script. */
export function startWorkerArgs(): string[] {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [node, ...args] = scripts['start:worker'].trim().split(/\s+/);
  if (node !== 'node' || args.length === 0) throw new Error(`start:worker is not "node [flags] <file>": ${scripts['start:worker']}`);
  return args;
}

export class WorkerProcess {
  private samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** V8's heap limit as the worker logged it at start (MB). */
  heapLimitMb: number | null = null;

  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Starts the worker and resolves once it has logged that it started (its queues are then being processed). */
  static async start(args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<WorkerProcess> {
    const script = args[args.length - 1];
    if (!existsSync(`${ROOT}${script}`)) throw new Error(`${script} is missing: run \`npm run build\` (npm run bench:exports does)`);
    // LOG_LEVEL=info for the start line; nothing else is logged while exports run.
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = new WorkerProcess(child);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`worker did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      const onData = (c: Buffer) => {
        out += c.toString('utf8');
        if (out.includes('worker started')) {
          clearTimeout(timer);
          const limit = /heap limit (\d+) MB/.exec(out);
          worker.heapLimitMb = limit ? Number(limit[1]) : null;
          // Keep reading (and dropping) its output so a full pipe never blocks it.
          child.stdout!.off('data', onData);
          child.stdout!.on('data', () => undefined);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code} before starting: ${stderr}`));
      });
    });
    return worker;
  }

  memory(): Memory {
    return status(this.pid);
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** Samples VmRSS every `everyMs` until stopSampling(). */
  startSampling(everyMs = 100): void {
    this.samples = [];
    this.timer = setInterval(() => {
      try {
        this.samples.push(status(this.pid).rssMiB);
      } catch {
        // exited
      }
    }, everyMs);
  }

  stopSampling(): { samples: number; maxRssMiB: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { samples: this.samples.length, maxRssMiB: Math.max(...this.samples) };
  }

  /** SIGTERM (Nest's shutdown hooks close the queues and the pool), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await stopChild(this.child);
  }
}
