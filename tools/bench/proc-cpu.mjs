// CPU time spent by groups of processes, read from /proc (USER_HZ ticks): what a path costs, not what it waits.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // USER_HZ = 100

/** [user, system] CPU time of a process, ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return [Number(fields[11]) / TICKS_PER_MS, Number(fields[12]) / TICKS_PER_MS];
}

/** Every process with this exact name (Redis, or Postgres's backends); none is not an error. */
export function pidsOf(name) {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** [user, system] ms summed over processes; one that has exited counts as nothing. */
export function sumCpu(pids) {
  return pids.reduce(
    ([user, system], pid) => {
      try {
        const [u, s] = cpuMs(pid);
        return [user + u, system + s];
      } catch {
        return [user, system];
      }
    },
    [0, 0],
  );
}

/** Total CPU ms (user + system) over a group's processes, re-listing named ones (Postgres forks backends). */
export function groupCpuMs(group) {
  const pids = group.flatMap((member) => (typeof member === 'string' ? pidsOf(member) : [member]));
  const [user, system] = sumCpu(pids);
  return user + system;
}
