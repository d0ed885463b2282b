/** Exhaustive optimum of a tiny placement problem (every item on every core), for tests. */
import { assignmentObjective, type PlacementProblem } from '../problem.js';
import { assignmentViolations } from '../validate.js';

export function bruteForceOptimum(p: PlacementProblem): { value: number; assign: Int32Array } {
  const n = p.coreCount;
  const m = p.itemCount;
  const assign = new Int32Array(m);
  let best = Infinity;
  let bestAssign = new Int32Array(m);
  const total = n ** m;
  if (total > 2e6) throw new Error(`brute force over ${total} assignments is too large for a test`);
  for (let code = 0; code < total; code++) {
    let r = code;
    for (let i = 0; i < m; i++) {
      assign[i] = r % n;
      r = Math.floor(r / n);
    }
    if (assignmentViolations(p, assign).length > 0) continue;
    const v = assignmentObjective(p, assign);
    if (v < best) {
      best = v;
      bestAssign = Int32Array.from(assign);
    }
  }
  return { value: best, assign: bestAssign };
}
