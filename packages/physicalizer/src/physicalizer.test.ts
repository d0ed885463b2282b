import { EMPTY_OVERLAYS, buildTopology, type LogicalSource, type PhysicalWindow } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { roundRobinPlacement, smallArch, smallTas, smallWorkload } from './__testing__/fixtures.js';
import { flatten, runToEnd, sum } from './__testing__/run.js';
import { syntheticSource } from './__testing__/synthetic-source.js';
import { PhysicalizerError } from './errors.js';
import { nominalHardwareState } from './hardware-state.js';
import { createPhysicalizer, type PhysicalizerOptions } from './physicalizer.js';
import { physicalizeWindow } from './physicalize-window.js';

function setup(
  seq: Parameters<typeof smallWorkload>[1] = {},
  extra: Partial<PhysicalizerOptions> = {},
): PhysicalizerOptions {
  const arch = smallArch();
  const workload = smallWorkload({}, seq);
  const tas = smallTas();
  return {
    arch,
    tas,
    workload,
    placement: roundRobinPlacement(arch, workload),
    source: syntheticSource(workload),
    ...extra,
  };
}

interface ExpectedTask {
  mb: number;
  expert: number;
  flops: number;
  home: number;
}

/** The logical tasks of the whole source, per the README's task model (one attention task per home core, one per expert). */
function expectedTasks(src: LogicalSource, coreCount: number, microBatch: number, concurrency: number): ExpectedTask[] {
  const out: ExpectedTask[] = [];
  for (let ci = 0; ci < src.chunkCount; ci++) {
    const ch = src.chunk(ci);
    let i = 0;
    while (i < ch.eventCount) {
      let j = i;
      while (j < ch.eventCount && ch.step[j] === ch.step[i] && ch.layer[j] === ch.layer[i] && ch.mb[j] === ch.mb[i])
        j++;
      const mb = ch.mb[i] ?? 0;
      const homes = new Map<number, number>();
      const experts = new Map<number, number>();
      for (let q = i; q < j; q++) {
        // Home core by lane (micro-batch id mod concurrency) and sequence (token mod micro_batch).
        const h = ((mb % concurrency) * microBatch + ((ch.token[q] ?? 0) % microBatch)) % coreCount;
        homes.set(h, (homes.get(h) ?? 0) + (ch.attnFlops[q] ?? 0));
        for (let x = q * ch.k; x < q * ch.k + ch.k; x++)
          experts.set(ch.experts[x] ?? 0, (experts.get(ch.experts[x] ?? 0) ?? 0) + (ch.expertFlops[x] ?? 0));
      }
      for (const h of [...homes.keys()].sort((a, b) => a - b))
        out.push({ mb, expert: -1, flops: homes.get(h) ?? 0, home: h });
      for (const e of [...experts.keys()].sort((a, b) => a - b))
        out.push({ mb, expert: e, flops: experts.get(e) ?? 0, home: -1 });
      i = j;
    }
  }
  return out;
}

function logicalReadBytes(src: LogicalSource): number {
  let b = 0;
  for (let ci = 0; ci < src.chunkCount; ci++) {
    const ch = src.chunk(ci);
    b += sum(ch.kvBytes.subarray(0, ch.eventCount)) + sum(ch.wBytes.subarray(0, ch.weightReadCount));
  }
  return b;
}

function expectNoCoreOverlap(ws: readonly PhysicalWindow[], ghzOf: (w: number, core: number) => number): void {
  const byCore = new Map<number, { s: number; e: number }[]>();
  for (const pw of ws) {
    for (let i = 0; i < pw.compute.count; i++) {
      const c = pw.compute.coreId[i] ?? 0;
      const s = pw.compute.tStartNs[i] ?? 0;
      const list = byCore.get(c) ?? [];
      list.push({ s, e: s + (pw.compute.durationCycles[i] ?? 0) / ghzOf(pw.winIdx, c) });
      byCore.set(c, list);
    }
  }
  for (const list of byCore.values()) {
    list.sort((a, b) => a.s - b.s);
    for (let i = 1; i < list.length; i++) expect(list[i]?.s ?? 0).toBeGreaterThanOrEqual((list[i - 1]?.e ?? 0) - 1e-6);
  }
}

describe('physicalizer consistency (seed test_physicalizer_consistency)', () => {
  it('no overlay argument and EMPTY_OVERLAYS give the same events, event for event', () => {
    const a = runToEnd(createPhysicalizer(setup()));
    const b = runToEnd(createPhysicalizer(setup()), { overlays: () => EMPTY_OVERLAYS });
    expect(a.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it('is deterministic, and pendingWindow dry runs change nothing', () => {
    const a = runToEnd(createPhysicalizer(setup({ concurrency: 2 })));
    const b = runToEnd(createPhysicalizer(setup({ concurrency: 2 })), { overlays: () => undefined });
    expect(b).toEqual(a);
  });

  it('the functional form is a thin wrapper over the session', () => {
    const opts = setup();
    const ph = createPhysicalizer(opts);
    const ref = runToEnd(createPhysicalizer(setup()));
    const hw = nominalHardwareState(opts.arch, opts.tas);
    const got: PhysicalWindow[] = [];
    for (let w = 0; !ph.done; w++)
      got.push(structuredClone(physicalizeWindow(w, opts.source, opts.source, opts.placement, EMPTY_OVERLAYS, ph, hw)));
    expect(got.map((g) => g.compute.count)).toEqual(ref.map((r) => r.compute.count));
    expect(() =>
      physicalizeWindow(
        ph.nextWindow,
        syntheticSource(opts.workload),
        opts.source,
        opts.placement,
        EMPTY_OVERLAYS,
        ph,
        hw,
      ),
    ).toThrow(PhysicalizerError);
  });
});

describe('conservation', () => {
  for (const concurrency of [1, 3]) {
    it(`every logical task is exactly one compute event; FLOPs, bytes, busy time and flits add up (concurrency ${concurrency})`, () => {
      const opts = setup({ concurrency });
      const ws = runToEnd(createPhysicalizer(opts));
      const ev = flatten(ws);
      const C = buildTopology(opts.arch).coreCount;
      const exp = expectedTasks(opts.source, C, opts.workload.sequence.micro_batch, concurrency);
      // Attention tasks are identified by their home core, expert tasks by their expert.
      const key = (t: { mb: number; expert: number; flops: number; home: number }) =>
        `${t.mb}|${t.expert}|${t.flops}|${t.home}`;
      const got = ev.compute.map((c) => ({
        mb: c.mb,
        expert: c.expert,
        flops: c.flops,
        home: c.op === 1 ? c.core : -1,
      }));
      expect(got.map(key).sort()).toEqual(exp.map(key).sort());
      if (concurrency === 1) {
        // One micro-batch: issue order is exactly (step, layer, attention by home core, experts by number).
        expect(got).toEqual(exp);
      }
      const evFlops = sum(ev.compute.map((c) => c.flops));
      expect(sum(ws.map((w) => sum(w.coreFlops)))).toBeCloseTo(evFlops, -1);
      expect(evFlops).toBeCloseTo(sum(exp.map((t) => t.flops)), -1);
      const readBytes = sum(ev.memory.filter((m) => m.rw === 0).map((m) => m.bytes));
      expect(readBytes).toBe(logicalReadBytes(opts.source));
      expect(sum(ws.map((w) => sum(w.bankReadBytes)))).toBeCloseTo(readBytes, 0);
      expect(sum(ws.map((w) => sum(w.coreBusyNs)))).toBeCloseTo(sum(ev.compute.map((c) => c.cycles / 2)), 0);
      const flits = sum(ev.memory.map((m) => Math.ceil(m.bytes / 32) * m.hops));
      expect(sum(ws.map((w) => sum(w.linkFlits)))).toBeCloseTo(flits, 3);
      const steps = opts.workload.sequence.steps;
      expect(sum(ws.map((w) => w.completedTokens))).toBe(steps * concurrency * opts.workload.sequence.micro_batch);
      expect(ws.flatMap((w) => w.stepLatenciesNs)).toHaveLength(steps * concurrency);
      expect(ws.at(-1)?.done).toBe(true);
      expect(ws.slice(0, -1).every((w) => !w.done)).toBe(true);
    });
  }

  it('work that does not fit carries over: per-window busy never exceeds the window, and windows after the last issue still carry busy time', () => {
    const opts = setup();
    const ws = runToEnd(createPhysicalizer(opts));
    const W = opts.tas.tacs.window_ms * 1e6;
    for (const w of ws) for (const b of w.coreBusyNs) expect(b).toBeLessThanOrEqual(W + 1e-6);
    const carried = ws.filter((w) => w.compute.count === 0 && sum(w.coreBusyNs) > 0);
    expect(carried.length).toBeGreaterThan(0);
  });

  it('fc tasks run only on the expert placement cores; attention on the home cores; reads of local banks have 0 hops', () => {
    const opts = setup({ concurrency: 2 });
    const ws = runToEnd(createPhysicalizer(opts));
    const ev = flatten(ws);
    const topo = buildTopology(opts.arch);
    for (const c of ev.compute) if (c.op === 0) expect(opts.placement.experts[`E${c.expert}`]?.cores).toContain(c.core);
    for (const m of ev.memory) expect(m.hops).toBe(topo.hops(m.core, topo.bankOwnerCore(m.bank)));
  });
});

describe('replicated placement', () => {
  it("a replicated expert's micro-batches rotate over its hosts: busy time splits as the trace predicts", () => {
    const arch = smallArch();
    const workload = smallWorkload({}, { concurrency: 3 });
    // Every expert on core 0, and expert 1 also on cores 9 and 6: hosts [0, 6, 9] in ascending order.
    const placement = roundRobinPlacement(arch, workload, { allOn: 0, replicate: new Map([[1, [9, 6]]]) });
    const source = syntheticSource(workload);
    const opts = { arch, tas: smallTas(), workload, placement, source };
    const ev = flatten(runToEnd(createPhysicalizer(opts)));
    const hosts = [0, 6, 9];
    const e1 = ev.compute.filter((c) => c.op === 0 && c.expert === 1);
    // the task of micro-batch m runs on host m mod 3
    for (const c of e1) expect(c.core).toBe(hosts[c.mb % 3]);
    // Prediction from the trace alone: the FLOPs of E1's tokens of micro-batch m go to host m mod 3.
    const predicted = [0, 0, 0];
    const lanes = workload.sequence.concurrency;
    for (let k = 0; k < source.chunkCount; k++) {
      const ch = source.chunk(k);
      for (let i = 0; i < ch.eventCount; i++) {
        for (let j = 0; j < ch.k; j++) {
          if (ch.experts[i * ch.k + j] !== 1) continue;
          const mbId = (ch.step[i] ?? 0) * lanes + (ch.mb[i] ?? 0);
          predicted[mbId % 3] = (predicted[mbId % 3] ?? 0) + (ch.expertFlops[i * ch.k + j] ?? 0);
        }
      }
    }
    const flops = hosts.map((h) => sum(e1.filter((c) => c.core === h).map((c) => c.flops)));
    for (let j = 0; j < 3; j++) expect(flops[j]).toBeCloseTo(predicted[j] ?? 0, 3);
    // every host gets work, and busy time (cycles at one frequency) follows the same split
    const busy = hosts.map((h) => sum(e1.filter((c) => c.core === h).map((c) => c.cycles)));
    for (const b of busy) expect(b).toBeGreaterThan(0);
    const total = sum(predicted);
    const busyTotal = sum(busy);
    for (let j = 0; j < 3; j++)
      expect(Math.abs((busy[j] ?? 0) / busyTotal - (predicted[j] ?? 0) / total)).toBeLessThan(0.05);
  });

  it('every host of a replicated expert reads its own resident copy of the weights (0 hops)', () => {
    const arch = smallArch();
    const workload = smallWorkload({}, { concurrency: 2 });
    const placement = roundRobinPlacement(arch, workload, { allOn: 0, replicate: new Map([[1, [9, 6]]]) });
    const opts = { arch, tas: smallTas(), workload, placement, source: syntheticSource(workload) };
    const ev = flatten(runToEnd(createPhysicalizer(opts)));
    const topo = buildTopology(arch);
    const e1Cores = new Set(ev.compute.filter((c) => c.expert === 1).map((c) => c.core));
    expect(e1Cores.size).toBeGreaterThan(1);
    const weightReadsOnHosts = ev.memory.filter((m) => m.qos === 0 && e1Cores.has(m.core) && m.core !== 0);
    expect(weightReadsOnHosts.length).toBeGreaterThan(0);
    for (const m of weightReadsOnHosts) {
      expect(m.hops).toBe(0);
      expect(topo.bankOwnerCore(m.bank)).toBe(m.core);
    }
  });
});

describe('timing model', () => {
  it('at half frequency the same compute-bound work takes twice as long', () => {
    const opts = setup();
    const hwHalf = nominalHardwareState(opts.arch, opts.tas);
    hwHalf.coreFreqGhz.fill(1.0);
    const full = flatten(runToEnd(createPhysicalizer(opts)));
    const halfWs = runToEnd(createPhysicalizer(setup()), { hw: () => hwHalf });
    const half = flatten(halfWs);
    expect(half.compute.length).toBe(full.compute.length);
    for (let i = 0; i < full.compute.length; i++) {
      const f = full.compute[i];
      const h = half.compute[i];
      // Same cycles; each event starts at twice the time (everything is compute-bound here).
      expect(h?.cycles).toBe(f?.cycles);
      expect(h?.t ?? 0).toBeCloseTo(2 * (f?.t ?? 0), 3);
    }
    const latFull = runToEnd(createPhysicalizer(setup())).flatMap((w) => w.stepLatenciesNs);
    const latHalf = halfWs.flatMap((w) => w.stepLatenciesNs);
    latHalf.forEach((l, i) => expect(l).toBeCloseTo(2 * (latFull[i] ?? 0), 3));
  });

  it('throttling one core slows only the work on that core', () => {
    const opts = setup();
    const hw = nominalHardwareState(opts.arch, opts.tas);
    hw.coreFreqGhz[0] = 1.0;
    const ev = flatten(runToEnd(createPhysicalizer(opts), { hw: () => hw }));
    const base = flatten(runToEnd(createPhysicalizer(setup())));
    const dur = (e: { cycles: number; core: number }) => e.cycles / (e.core === 0 ? 1 : 2);
    expect(ev.compute.filter((e) => e.core === 0).length).toBeGreaterThan(0);
    ev.compute.forEach((e, i) =>
      expect(dur(e)).toBeCloseTo(((base.compute[i]?.cycles ?? 0) / 2) * (e.core === 0 ? 2 : 1), 3),
    );
  });

  it('memory-bound tasks take their bytes over the bank bandwidth, and banks serve FIFO', () => {
    const arch = smallArch();
    const workload = smallWorkload({ tensors: { weight_shard_mb: 8, shards_per_expert: 1 } });
    const tas = smallTas();
    const opts = {
      arch,
      tas,
      workload,
      placement: roundRobinPlacement(arch, workload),
      source: syntheticSource(workload),
    };
    const ws = runToEnd(createPhysicalizer(opts));
    const ev = flatten(ws);
    // 8 MiB at 25 bytes/ns = 335.5 us, longer than any expert's compute here.
    const fc = ev.compute.filter((c) => c.op === 0);
    for (const c of fc) expect(c.cycles / 2).toBeGreaterThanOrEqual((8 * 1024 * 1024) / 25 - 1);
    const byBank = new Map<number, { s: number; e: number }[]>();
    for (const m of ev.memory) {
      const l = byBank.get(m.bank) ?? [];
      l.push({ s: m.t, e: m.t + m.bytes / 25 });
      byBank.set(m.bank, l);
    }
    for (const l of byBank.values()) {
      l.sort((a, b) => a.s - b.s);
      for (let i = 1; i < l.length; i++) expect(l[i]?.s ?? 0).toBeGreaterThanOrEqual((l[i - 1]?.e ?? 0) - 1e-6);
    }
    // Refresh halves the banks' effective bandwidth: a memory-bound task without queueing takes twice as long.
    const hw = nominalHardwareState(arch, tas);
    hw.bankBwBytesPerNs.fill(12.5);
    const slow = flatten(
      runToEnd(createPhysicalizer({ ...opts, source: syntheticSource(workload) }), { hw: () => hw }),
    );
    const slowFc = slow.compute.filter((c) => c.op === 0);
    expect(slowFc).toHaveLength(fc.length);
    for (const c of slowFc) expect(c.cycles / 2).toBeGreaterThanOrEqual((8 * 1024 * 1024) / 12.5 - 1);
    expect(Math.min(...slowFc.map((c) => c.cycles))).toBeCloseTo(2 * Math.min(...fc.map((c) => c.cycles)), -1);
  });

  it('a core never runs two events at once (several micro-batches in flight, throttled cores)', () => {
    const opts = setup({ concurrency: 4 });
    const hw = nominalHardwareState(opts.arch, opts.tas);
    for (let c = 0; c < hw.coreFreqGhz.length; c += 3) hw.coreFreqGhz[c] = 1.0;
    const ws = runToEnd(createPhysicalizer(opts), { hw: () => hw });
    expectNoCoreOverlap(ws, (_w, c) => hw.coreFreqGhz[c] ?? 0);
  });

  it('step s+1 of a micro-batch starts after its step s: layers run in sequence', () => {
    const opts = setup();
    const ev = flatten(runToEnd(createPhysicalizer(opts)));
    // With one micro-batch, an attention event never starts before every earlier event has ended.
    let maxEnd = 0;
    let prevOp = -1;
    for (const c of ev.compute) {
      if (c.op === 1 && prevOp === 0) expect(c.t).toBeGreaterThanOrEqual(maxEnd - 1e-6);
      maxEnd = Math.max(maxEnd, c.t + c.cycles / 2);
      prevOp = c.op;
    }
  });
});

describe('windows, frontier and bad input', () => {
  it('windows are lowered in order; committed windows cannot be lowered again', () => {
    const ph = createPhysicalizer(setup());
    ph.physicalizeWindow(0);
    expect(() => ph.physicalizeWindow(0)).toThrow(expect.objectContaining({ code: 'WINDOW_OUT_OF_ORDER' }));
    expect(() => ph.physicalizeWindow(5)).toThrow(expect.objectContaining({ code: 'WINDOW_OUT_OF_ORDER' }));
    expect(() => ph.pendingWindow(0)).toThrow(expect.objectContaining({ code: 'WINDOW_OUT_OF_ORDER' }));
    expect(ph.commitFrontierNs).toBe(ph.windowNs);
  });

  it('after the last step every window is empty and done', () => {
    const ph = createPhysicalizer(setup());
    runToEnd(ph);
    const pw = ph.physicalizeWindow(ph.nextWindow);
    expect(pw.done).toBe(true);
    expect(pw.compute.count + pw.memory.count + sum(pw.coreBusyNs) + pw.completedTokens).toBe(0);
    expect(ph.pendingWindow(ph.nextWindow).taskCount).toBe(0);
  });

  it('pendingWindow lists exactly the tasks the window then issues without overlays (at the same hardware state)', () => {
    const opts = setup({ concurrency: 2 });
    const ph = createPhysicalizer(opts);
    const slow = nominalHardwareState(opts.arch, opts.tas);
    slow.coreFreqGhz.fill(1.0);
    const nominal = nominalHardwareState(opts.arch, opts.tas);
    for (let w = 0; !ph.done; w++) {
      const hw = w % 3 === 0 ? slow : nominal;
      const p = ph.pendingWindow(w, hw);
      const got = { mb: Array.from(p.mbId), e: Array.from(p.expert), c: Array.from(p.core), f: Array.from(p.flops) };
      const pw = ph.physicalizeWindow(w, EMPTY_OVERLAYS, hw);
      const n = pw.compute.count;
      expect(got).toEqual({
        mb: Array.from(pw.compute.mbId.subarray(0, n)),
        e: Array.from(pw.compute.expert.subarray(0, n)),
        c: Array.from(pw.compute.coreId.subarray(0, n)),
        f: Array.from(pw.compute.flops.subarray(0, n)),
      });
    }
  });

  it('startedWindow gives, after the window, the pending view a dry run gave before it (no overlays, no replicas)', () => {
    const opts = setup({ concurrency: 2 });
    const ph = createPhysicalizer(opts);
    const slow = nominalHardwareState(opts.arch, opts.tas);
    slow.coreFreqGhz.fill(1.0);
    const nominal = nominalHardwareState(opts.arch, opts.tas);
    const plain = (v: ReturnType<typeof ph.pendingWindow>) => ({
      ...v,
      mbId: Array.from(v.mbId),
      expert: Array.from(v.expert),
      core: Array.from(v.core),
      flops: Array.from(v.flops),
    });
    let windows = 0;
    for (let w = 0; !ph.done; w++, windows++) {
      const hw = w % 3 === 0 ? slow : nominal;
      expect(ph.lowersAsDryRun).toBe(true);
      const before = plain(ph.pendingWindow(w, hw));
      // a dry run since the last lowering: that lowering's list is gone
      if (w > 0) expect(() => ph.startedWindow()).toThrow(PhysicalizerError);
      ph.physicalizeWindow(w, EMPTY_OVERLAYS, hw);
      expect(plain(ph.startedWindow())).toEqual(before);
    }
    expect(windows).toBeGreaterThan(3);
  });

  it('refuses an unplaced expert or shard at construction', () => {
    const opts = setup();
    const experts = { ...opts.placement.experts };
    delete experts.E4;
    expect(() => createPhysicalizer({ ...opts, placement: { ...opts.placement, experts } })).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_INCOMPLETE' }),
    );
    const tensors = { ...opts.placement.tensors };
    delete tensors.W_E2_1;
    expect(() => createPhysicalizer({ ...opts, placement: { ...opts.placement, tensors } })).toThrow(/W_E2_1/);
    expect(() =>
      createPhysicalizer({
        ...opts,
        placement: { ...opts.placement, experts: { ...opts.placement.experts, E1: { cores: [99], policy: 'single' } } },
      }),
    ).toThrow(expect.objectContaining({ code: 'PLACEMENT_INVALID' }));
  });

  it('shared experts (numbered after all routed experts) must be placed too', () => {
    const arch = smallArch();
    const workload = smallWorkload({ moe: { layers: 3, experts_per_layer: 6, shared_experts: 1 } });
    const placement = roundRobinPlacement(arch, workload);
    const opts = { arch, tas: smallTas(), workload, placement, source: syntheticSource(workload) };
    const ev = flatten(runToEnd(createPhysicalizer(opts)));
    expect(ev.compute.some((c) => c.expert >= 18)).toBe(true);
    const experts = { ...placement.experts };
    delete experts.E19;
    expect(() => createPhysicalizer({ ...opts, placement: { ...placement, experts } })).toThrow(/E19/);
  });

  it('refuses a hardware state of the wrong size or with a non-positive rate', () => {
    const opts = setup();
    const ph = createPhysicalizer(opts);
    const hw = nominalHardwareState(opts.arch, opts.tas);
    expect(() => ph.physicalizeWindow(0, EMPTY_OVERLAYS, { ...hw, coreFreqGhz: new Float64Array(3) })).toThrow(
      expect.objectContaining({ code: 'HARDWARE_STATE_INVALID' }),
    );
    hw.coreFreqGhz[2] = 0;
    expect(() => ph.physicalizeWindow(0, EMPTY_OVERLAYS, hw)).toThrow(
      expect.objectContaining({ code: 'HARDWARE_STATE_INVALID' }),
    );
  });

  it('refuses a source that breaks the LogicalChunk contract', () => {
    const opts = setup();
    const good = opts.source;
    const broken: LogicalSource = {
      ...good,
      chunk(i) {
        const c = good.chunk(i);
        const layer = c.layer.slice();
        layer[3] = 2; // out of (step, layer, mb, token) order
        return { ...c, layer };
      },
    };
    const ph = createPhysicalizer({ ...opts, source: broken });
    expect(() => ph.physicalizeWindow(0)).toThrow(expect.objectContaining({ code: 'TRACE_INVALID' }));
    // An event of layer 0 naming an expert of layer 1, and one with NaN FLOPs.
    for (const [field, value] of [
      ['experts', 7],
      ['expertFlops', Number.NaN],
    ] as const) {
      const bad: LogicalSource = {
        ...good,
        chunk(i) {
          const c = good.chunk(i);
          if (field === 'experts') {
            const experts = c.experts.slice();
            experts[1] = value;
            return { ...c, experts };
          }
          const expertFlops = c.expertFlops.slice();
          expertFlops[1] = value;
          return { ...c, expertFlops };
        },
      };
      const p2 = createPhysicalizer({ ...opts, source: bad });
      expect(() => runToEnd(p2)).toThrow(
        /event 0: (expert 7 is not an expert of MoE layer 0|negative or missing expert FLOPs)/,
      );
    }
    expect(() =>
      createPhysicalizer({ ...opts, source: { ...good, totalSteps: 99, chunk: (i) => good.chunk(i) } }),
    ).toThrow(expect.objectContaining({ code: 'TRACE_INVALID' }));
  });
});
