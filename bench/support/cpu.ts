/**
 * Who used the machine's CPU during a measurement: this process (API, load worker, pg clients), the
 * PostgreSQL backends of the scratch database, and everything else (other people's work on a shared
 * machine shows up as `otherCores`). Linux only (/proc).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ

export interface CpuShare {
  /** Busy share of all cores (0..1). */
  machineBusy: number;
  /** Cores' worth of CPU used by this process and by the scratch database's backends. */
  benchCores: number;
  /** Cores' worth used by anything else on the machine. */
  otherCores: number;
  /**
   * Where the bench's cores went, when the account was told (CpuSplit): the named threads of this
   * process (e.g. the load generator's worker), the rest of this process (e.g. the API in-process),
   * the named other processes (e.g. the API started as its own process), the PostgreSQL backends,
   * and everything else on the machine. Cores' worth over the measurement.
   */
  split?: Record<string, number>;
}

export interface CpuSplit {
  /** What the rest of this process is called in `split` (default 'bench'). */
  processName?: string;
  /** Threads of this process reported apart: name → Linux thread id. */
  threads?: Record<string, number | null>;
  /** Other processes that belong to the bench: name → pid (their CPU counts in benchCores). */
  processes?: Record<string, number | null>;
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, x) => s + x, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of a process (or, given a /proc path, of a thread), in ticks; 0 if it is gone. */
function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(typeof pid === 'number' ? `/proc/${pid}/stat` : pid, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

const threadStat = (tid: number) => `/proc/self/task/${tid}/stat`;

export class CpuAccount {
  /** `split` may be a function: the load worker's thread id is known only after it started. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly split: CpuSplit | (() => CpuSplit) = {},
  ) {}

  private async backends(): Promise<number[]> {
    const r = await this.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    return r.rows.map((row) => row.pid);
  }

  /** Runs `work` and reports the CPU shares over its duration. */
  async around<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
    const split = typeof this.split === 'function' ? this.split() : this.split;
    const threads = Object.entries(split.threads ?? {}).filter((e): e is [string, number] => e[1] !== null);
    const processes = Object.entries(split.processes ?? {}).filter((e): e is [string, number] => e[1] !== null);
    const pids = new Set(await this.backends());
    const before = new Map([...pids].map((pid) => [pid, processTicks(pid)]));
    const threadsBefore = threads.map(([, tid]) => processTicks(threadStat(tid)));
    const processesBefore = processes.map(([, pid]) => processTicks(pid));
    const machine = machineTicks();
    const own = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ownUsage = process.cpuUsage(own);
    const machineAfter = machineTicks();
    const threadTicks = threads.map(([, tid], i) => Math.max(0, processTicks(threadStat(tid)) - threadsBefore[i]));
    const processTicksUsed = processes.map(([, pid], i) => Math.max(0, processTicks(pid) - processesBefore[i]));
    for (const pid of await this.backends()) pids.add(pid);
    let backendTicks = 0;
    for (const pid of pids) backendTicks += Math.max(0, processTicks(pid) - (before.get(pid) ?? 0));
    const busyTicks = machineAfter.busy - machine.busy;
    const ownSeconds = (ownUsage.user + ownUsage.system) / 1e6;
    const childSeconds = processTicksUsed.reduce((a, b) => a + b, 0) / TICKS_PER_SECOND;
    const benchCores = (ownSeconds + childSeconds + backendTicks / TICKS_PER_SECOND) / seconds;
    const round = (x: number) => Math.round(x * 100) / 100;
    const otherCores = round(Math.max(0, busyTicks / TICKS_PER_SECOND / seconds - benchCores));
    const cpu: CpuShare = {
      machineBusy: round(busyTicks / Math.max(1, machineAfter.total - machine.total)),
      benchCores: round(benchCores),
      otherCores,
    };
    if (threads.length > 0 || processes.length > 0) {
      const threadSeconds = threadTicks.reduce((a, b) => a + b, 0) / TICKS_PER_SECOND;
      cpu.split = {
        [split.processName ?? 'bench']: round(Math.max(0, ownSeconds - threadSeconds) / seconds),
        ...Object.fromEntries(threads.map(([name], i) => [name, round(threadTicks[i] / TICKS_PER_SECOND / seconds)])),
        ...Object.fromEntries(processes.map(([name], i) => [name, round(processTicksUsed[i] / TICKS_PER_SECOND / seconds)])),
        postgres: round(backendTicks / TICKS_PER_SECOND / seconds),
        others: otherCores,
      };
    }
    return { result, cpu };
  }
}
