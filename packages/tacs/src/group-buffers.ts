/**
 * The typed arrays groupPendingTasks builds a window's groups in, kept from one window to the
 * next (grown, never shrunk): a few hundred groups a window then allocate nothing.
 */

export interface GroupBuffers {
  /** Per task (sized to the window's task count). */
  picked: Int32Array;
  byMb: Int32Array;
  taskNext: Int32Array;
  mbIds: Int32Array;
  mbFlops: Float64Array;
  mbTasks: Int32Array;
  mbCount: Int32Array;
  /** Per group (at most one per picked task). */
  gExpert: Int32Array;
  gRank: Int32Array;
  gFirst: Int32Array;
  gLast: Int32Array;
  gFlops: Float64Array;
  gMbStart: Int32Array;
  gMbLength: Int32Array;
  order: Int32Array;
  /** Hash table of (expert, rank) -> group. */
  slot: Int32Array;
  /** Per source rank. */
  rankStart: Int32Array;
  rankFill: Int32Array;
}

export function groupBuffers(): GroupBuffers {
  const none = () => new Int32Array(0);
  return {
    picked: none(),
    byMb: none(),
    taskNext: none(),
    mbIds: none(),
    mbFlops: new Float64Array(0),
    mbTasks: none(),
    mbCount: none(),
    gExpert: none(),
    gRank: none(),
    gFirst: none(),
    gLast: none(),
    gFlops: new Float64Array(0),
    gMbStart: none(),
    gMbLength: none(),
    order: none(),
    slot: none(),
    rankStart: none(),
    rankFill: none(),
  };
}

/** Room for `tasks` tasks and `ranks` source ranks. */
export function reserveTasks(b: GroupBuffers, tasks: number, ranks: number): void {
  if (b.picked.length < tasks) {
    const n = Math.max(tasks, 2 * b.picked.length);
    b.picked = new Int32Array(n);
    b.byMb = new Int32Array(n);
    b.taskNext = new Int32Array(n);
    b.mbIds = new Int32Array(n);
    b.mbFlops = new Float64Array(n);
    b.mbTasks = new Int32Array(n);
  }
  if (b.rankStart.length < ranks + 1) {
    b.rankStart = new Int32Array(ranks + 1);
    b.rankFill = new Int32Array(ranks);
  }
}

/** Room for `groups` groups and a hash table of `slots` entries. */
export function reserveGroups(b: GroupBuffers, groups: number, slots: number): void {
  if (b.gExpert.length < groups) {
    const n = Math.max(groups, 2 * b.gExpert.length);
    b.gExpert = new Int32Array(n);
    b.gRank = new Int32Array(n);
    b.gFirst = new Int32Array(n);
    b.gLast = new Int32Array(n);
    b.gFlops = new Float64Array(n);
    b.gMbStart = new Int32Array(n);
    b.gMbLength = new Int32Array(n);
    b.order = new Int32Array(n);
  }
  if (b.slot.length < slots) b.slot = new Int32Array(slots);
}
