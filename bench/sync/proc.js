// Memory and CPU of a process from /proc (Linux): VmRSS/VmHWM, CPU seconds, a peak sampler.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

/** { rssMb, hwmMb } from /proc/<pid>/status, or null when the process is gone. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (clear_refs 5); false when not permitted. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state (field 3).
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) used so far by pid. */
export function cpuOf(pid) {
  return statOf(pid)?.cpuS ?? 0;
}

/** CPU seconds used by pid and its live children (the PostgreSQL postmaster and backends). */
export function cpuOfTree(pid) {
  let total = cpuOf(pid);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = statOf(Number(name));
    if (st && st.ppid === pid) total += st.cpuS;
  }
  return total;
}

/** Samples a process's RSS every `everyMs` until stop(); returns { baseMb, peakMb, samples }. */
export function sampleRss(pid, everyMs = 50) {
  const first = memoryOf(pid);
  let peak = first?.rssMb ?? 0;
  let samples = 0;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (!m) return;
    samples++;
    if (m.rssMb > peak) peak = m.rssMb;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const m = memoryOf(pid);
      if (m && m.rssMb > peak) peak = m.rssMb;
      return { baseMb: first?.rssMb ?? 0, peakMb: peak, hwmMb: m?.hwmMb ?? NaN, samples };
    },
  };
}

/** CPU seconds the whole machine has been busy (all CPUs, from /proc/stat). */
export function machineCpu() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = cpu.map(Number);
  return (user + nice + system + irq + softirq + (steal ?? 0)) / TICKS;
}
