// An example policy module: `tasmoe run-all --policy examples/policies/coolest-first.mjs
// --scenarios baseline,coolest-first,coolest-first-tacs` (docs/policies.md).
//
// Placement "coolest-first": the hottest experts (highest routing load) go to the cores the
// thermal influence matrix says heat up least per watt (smallest self-influence H[c][c]: the
// cores nearest the package's cool edges), round-robin over cores ranked that way. Weight shards
// go to the vault under the expert's core, DRAM die 0 upwards, as the default placement puts them.
// Scenario "coolest-first-tacs" adds the built-in TACS online policy to it.

/** Bank id "B(x,y,layer)" of the i-th bank of core c's vault on die `layer`. */
function vaultBank(topology, core, layer, i) {
  return topology.vaultBanks(core, layer)[i];
}

export const coolestFirst = {
  kind: 'placement',
  name: 'coolest-first',
  description: 'hottest experts on the cores with the smallest thermal self-influence',
  place(ctx) {
    const { topology, workload, arch, expertLoad, influence } = ctx;
    const n = topology.coreCount;
    // without an influence matrix every core counts the same (core id order)
    const self = (c) => (influence ? influence.data[c * n + c] : 0);
    const cores = Array.from({ length: n }, (_, c) => c).sort((a, b) => self(a) - self(b) || a - b);
    const experts = Array.from(expertLoad, (load, e) => ({ e, load })).sort((a, b) => b.load - a.load || a.e - b.e);
    const perBank = Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb);
    const used = new Map(); // bank index -> shards in it
    const placement = { experts: {}, tensors: {}, meta: { method: 'coolest-first' } };
    experts.forEach(({ e }, rank) => {
      const core = cores[rank % n];
      placement.experts[`E${e}`] = { cores: [core], policy: 'single' };
      for (let s = 0; s < workload.tensors.shards_per_expert; s++) {
        let bank;
        for (let layer = 0; bank === undefined && layer < topology.dramLayers; layer++) {
          for (let i = 0; bank === undefined && i < topology.vaultX * topology.vaultY; i++) {
            const b = vaultBank(topology, core, layer, i);
            if ((used.get(b) ?? 0) < perBank) bank = b;
          }
        }
        if (bank === undefined) throw new Error(`vault of core ${core} is full`);
        used.set(bank, (used.get(bank) ?? 0) + 1);
        placement.tensors[`W_E${e}_${s}`] = { dram_bank: topology.bankIdOf(bank) };
      }
    });
    ctx.log(`coolest-first: ${experts.length} experts over ${n} cores, coolest core ${cores[0]}`);
    return placement;
  },
};

export const coolestFirstTacs = {
  kind: 'scenario',
  name: 'coolest-first-tacs',
  placement: 'coolest-first',
  online: 'tacs',
};
