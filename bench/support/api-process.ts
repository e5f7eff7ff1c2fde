/**
 * The compiled API started as `npm run start:api` starts it (the command, Node flags included, is
 * read from package.json), as a child process of the bench, so that its resident memory and CPU are
 * its own and not mixed with the bench's (load generator, set-up, pg clients). Its memory is read
 * from /proc: VmRSS sampled, and VmHWM (the kernel's high-water mark) reset before each measurement
 * by writing 5 to /proc/<pid>/clear_refs. Linux only.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { memoryOf, stopChild } from './harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The arguments after `node` in package.json's start:api script. */
export function startApiArgs(): string[] {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [node, ...args] = scripts['start:api'].trim().split(/\s+/);
  if (node !== 'node' || args.length === 0) throw new Error(`start:api is not "node [flags] <file>": ${scripts['start:api']}`);
  return args;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class ApiProcess {
  private samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly args: string[],
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts the API and resolves once GET /health/ready answers 200. `nodeFlags` replaces the start
   * script's Node flags (for experiments: `--api-flags` of the register bench).
   */
  static async start(env: Record<string, string | undefined>, opts: { nodeFlags?: string[]; timeoutMs?: number } = {}): Promise<ApiProcess> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const scripted = startApiArgs();
    const args = opts.nodeFlags ? [...opts.nodeFlags, scripted[scripted.length - 1]] : scripted;
    const script = args[args.length - 1];
    if (!existsSync(`${ROOT}${script}`)) throw new Error(`${script} is missing: run \`npm run build\``);
    const port = await freePort();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`, args);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} before answering: ${stderr}`);
      try {
        const res = await fetch(`${api.baseUrl}/health/ready`);
        if (res.status === 200) return api;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await api.stop();
        throw new Error(`API did not answer /health/ready within ${timeoutMs} ms: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resident set now and its peak since the last resetPeak() (or the start), MiB. */
  memory(): { rssMiB: number; peakMiB: number } {
    const m = memoryOf(this.pid);
    if (!m) throw new Error(`API process ${this.pid} is gone`);
    return { rssMiB: m.rssMiB, peakMiB: m.peakMiB };
  }

  /** Resets VmHWM to the current RSS (clear_refs 5); false where the kernel does not allow it. */
  resetPeak(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  /** Samples VmRSS every `everyMs` until stopSampling() (a cross-check of VmHWM). */
  startSampling(everyMs = 20): void {
    this.samples = [];
    this.timer = setInterval(() => {
      const m = memoryOf(this.pid);
      if (m) this.samples.push(m.rssMiB);
    }, everyMs);
  }

  stopSampling(): { samples: number; maxRssMiB: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { samples: this.samples.length, maxRssMiB: this.samples.length ? Math.max(...this.samples) : 0 };
  }

  /** SIGTERM (Nest's shutdown hooks close the pool), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await stopChild(this.child);
  }
}
