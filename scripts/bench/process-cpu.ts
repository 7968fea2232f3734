/**
 * CPU time used by server processes (Linux /proc), so a benchmark can say how much work a run
 * cost besides how long it took: on this 2-core machine wall times move with the host's load,
 * CPU seconds much less. User and system time apart: under `wrangler dev` the system part is
 * mostly SQLite reading and writing its files through the kernel.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const CLK_TCK = 100;

export interface CpuTime {
  userS: number;
  systemS: number;
}

/** The (utime, stime) fields of /proc/<pid>/stat, after the command name (which may hold spaces). */
function statFields(pid: number): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Summed CPU time of `pids` (processes gone or unreadable count 0; null without /proc). */
export function cpuTime(pids: readonly number[]): CpuTime | null {
  if (!readdirSafe("/proc")) return null;
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    // Fields from state (3rd of /proc/<pid>/stat): utime is the 14th overall, stime the 15th.
    if (f) {
      user += Number(f[11]);
      system += Number(f[12]);
    }
  }
  return { userS: user / CLK_TCK, systemS: system / CLK_TCK };
}

/** Processes of process group `pgid` (a detached `wrangler dev` and its workerd). */
export function processGroup(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSafe("/proc") ?? []) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[2]) === pgid) out.push(Number(name));
  }
  return out;
}

/** CPU time between two readings, rounded to centiseconds. */
export function cpuSpent(from: CpuTime | null, to: CpuTime | null): CpuTime | null {
  if (!from || !to) return null;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { userS: r(to.userS - from.userS), systemS: r(to.systemS - from.systemS) };
}

function readdirSafe(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}
