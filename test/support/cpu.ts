// CPU time for the "finishes quickly" guards against runaway algorithms: other work on a loaded
// machine stretches wall time many times over, but barely the CPU time this process spends.

/** Starts counting this process's CPU time; the function returned reads it so far, in ms. */
export function cpuStopwatch(): () => number {
  const start = process.cpuUsage();
  return () => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
}
