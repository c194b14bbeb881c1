/** The parts of a V8 .cpuprofile the profiling benches read, and how they print shares of it. */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The `rows` largest of `amounts`, each as a share of `total`, under a title. */
export function shareTable(title: string, amounts: Map<string, number>, total: number, rows: number): string[] {
  const sorted = [...amounts].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return [`${title}:`, ...sorted.map(([name, n]) => `  ${((100 * n) / total).toFixed(1).padStart(5)} %  ${name}`)];
}
