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
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, x) => s + x, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of a process, in ticks; 0 if it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export class CpuAccount {
  constructor(private readonly pool: pg.Pool) {}

  private async backends(): Promise<number[]> {
    const r = await this.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    return r.rows.map((row) => row.pid);
  }

  /** Runs `work` and reports the CPU shares over its duration. */
  async around<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
    const pids = new Set(await this.backends());
    const before = new Map([...pids].map((pid) => [pid, processTicks(pid)]));
    const machine = machineTicks();
    const own = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ownUsage = process.cpuUsage(own);
    const machineAfter = machineTicks();
    for (const pid of await this.backends()) pids.add(pid);
    let backendTicks = 0;
    for (const pid of pids) backendTicks += Math.max(0, processTicks(pid) - (before.get(pid) ?? 0));
    const busyTicks = machineAfter.busy - machine.busy;
    const benchCores = ((ownUsage.user + ownUsage.system) / 1e6 + backendTicks / TICKS_PER_SECOND) / seconds;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      result,
      cpu: {
        machineBusy: round(busyTicks / Math.max(1, machineAfter.total - machine.total)),
        benchCores: round(benchCores),
        otherCores: round(Math.max(0, busyTicks / TICKS_PER_SECOND / seconds - benchCores)),
      },
    };
  }
}
