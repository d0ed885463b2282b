/**
 * `tasmoe place`: a TAPS placement from three configs, written to placement.json,
 * with its predicted peak logic temperature next to the default placement's
 * (both T = ambient + H p at the same nominal load, same H), and both placements'
 * steady state on the whole stack (logic and DRAM: predictSteadyStates, the power
 * model and thermal solver the run uses, at the mean activity of the first windows).
 *
 * H comes from `getInfluence(arch)`; when it returns undefined TAPS uses its
 * analytic approximation and says so (meta.note, and the "H:" line / JSON field).
 * Where H has a DRAM part (the thermal solver's), TAPS's own DRAM prediction
 * (its objective's DRAM nodes, `*_dram_hmodel_*`) is printed for both placements
 * too, with each prediction's margin to the next tref_curve step, and with the solver's H the
 * read-burst model (the largest burst rise of a bank position holding shards) for both placements.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { InfluenceMatrix, ResolvedArchConfig } from '@tasmoe/schemas';
import { repoRoot, resolveUserPath, writeFileAtomic, type Io, type SteadyPrediction } from '@tasmoe/experiment';
import { readConfig } from '../read-config.js';

interface PlaceOptions {
  arch: string;
  workload: string;
  tas: string;
  out: string;
  json?: boolean;
}

export function registerPlaceCommand(
  program: Command,
  io: Io,
  getInfluence: (arch: ResolvedArchConfig) => InfluenceMatrix | undefined | Promise<InfluenceMatrix | undefined>,
): Command {
  const cfg = (f: string) => path.join(repoRoot(), 'configs', f);
  return program
    .command('place')
    .description('compute a TAPS placement and compare its predicted peak temperature with the default placement')
    .option('--arch <file>', 'hardware config', cfg('arch_8x8_32x32x8.yaml'))
    .option('--workload <file>', 'workload config', cfg('workload_mixtral_8x7b.yaml'))
    .option('--tas <file>', 'TAPS/TACS params', cfg('tas_params.yaml'))
    .option('--out <file>', 'placement.json to write', 'placement.json')
    .option('--json', 'print one JSON object')
    .action(async (opts: PlaceOptions) => {
      const arch = readConfig('arch', opts.arch);
      const workload = readConfig('workload', opts.workload);
      const tas = readConfig('tas', opts.tas);
      // Attention runs on the sequences' home cores whatever the placement: part of both predictions.
      const [
        {
          buildPlacement,
          defaultPlacement,
          maxOfTemps,
          nextRefreshStep,
          objectiveTerms,
          placementBurstPeakK,
          placementCriticalPath,
          predictCoreTemps,
          predictDramTemps,
          schedulingHeadroom,
        },
        { attentionCoreShare, bankBurstResponse, expertLoadEstimate, predictSteadyStates },
      ] = await Promise.all([import('@tasmoe/taps'), import('@tasmoe/experiment')]);
      const share = attentionCoreShare(arch, workload, tas);
      // the load a run's placement step gives TAPS, so this is the placement the run uses
      const expertHeat = expertLoadEstimate(workload, tas);
      const influence = await getInfluence(arch);
      // as a run's placement step: the read-burst response only with the solver's H
      const burst = influence === undefined ? undefined : bankBurstResponse(arch, workload, tas);
      const r = await buildPlacement(arch, workload, tas.taps, influence, {
        expertHeat,
        expertHeatSource: tas.taps.heat_estimate,
        ...(share === undefined ? {} : { attentionCoreShare: share }),
        ...(burst === undefined ? {} : { bankBurst: burst }),
      });
      const def = defaultPlacement(arch, workload);
      const defBurstK =
        burst === undefined
          ? undefined
          : placementBurstPeakK(arch, workload, tas.taps, def, r.expertHeat, r.load.tokenRate, burst);
      const defTemps = predictCoreTemps(def, r.load.expertPowerW, r.influence, r.problem.basePowerW, r.problem.dram);
      const dramModel = r.problem.dram;
      const defDramTemps =
        dramModel === undefined
          ? undefined
          : predictDramTemps(def, r.load.expertPowerW, dramModel, r.problem.coreCount);
      const defTerms = objectiveTerms(
        defTemps,
        r.problem.ambientC,
        r.problem.edges,
        r.problem.weights,
        defDramTemps === undefined || dramModel === undefined
          ? undefined
          : { temps: defDramTemps, weight: dramModel.weight },
      );
      const curve = arch.refresh.tref_curve;
      const stepOf = (peakC: number) => {
        const s = nextRefreshStep(peakC, curve);
        return s === undefined
          ? { peak_c: peakC, next_step_c: null, next_multiplier: null, margin_k: null }
          : { peak_c: peakC, next_step_c: s.atC, next_multiplier: s.multiplier, margin_k: s.atC - peakC };
      };
      const tapsDramPeak = r.dram?.peakC;
      const defDramPeak = defDramTemps === undefined ? undefined : maxOfTemps(defDramTemps);
      writeFileAtomic(resolveUserPath(opts.out), `${JSON.stringify(r.placement, null, 2)}\n`);
      // Both placements in the critical-path model (docs/model.md "TAPS": throughput as a hard constraint).
      const cp = placementCriticalPath(arch, workload, tas.taps, r.placement, r.expertHeat);
      const delta = r.predictedPeakC - defTerms.peakC;
      const [steady, defSteady] = predictSteadyStates({ arch, tas, workload }, [r.placement, def]) as [
        SteadyPrediction,
        SteadyPrediction,
      ];
      // The most any redistribution of the default's movable core power (and, with the solver's DRAM
      // part, its vaults' DRAM access power, which heats the cores below) could lower its steady peak.
      const readInfluence = r.influence.dram?.coreFromAccess;
      const headroom = await schedulingHeadroom({
        h: r.influence.data,
        coreC: defSteady.coreC,
        movableW: defSteady.coreMovableW,
        ...(readInfluence === undefined ? {} : { reads: { a: readInfluence, movableW: defSteady.vaultAccessW } }),
      });
      if (opts.json === true) {
        io.out(
          JSON.stringify({
            out: resolveUserPath(opts.out),
            method: r.method,
            predicted_peak_c: r.predictedPeakC,
            default_predicted_peak_c: defTerms.peakC,
            delta_peak_k: delta,
            objective: r.objective,
            default_objective: defTerms.value,
            // the whole-stack steady state's DRAM peak (as before); TAPS's own (H model) below
            predicted_peak_dram_c: steady.peakDramC,
            default_predicted_peak_dram_c: defSteady.peakDramC,
            // TAPS's DRAM nodes (vault x die means, T = ambient + background + Hdc p + Hda p_access); null without a DRAM part
            predicted_peak_dram_hmodel_c: tapsDramPeak ?? null,
            default_predicted_peak_dram_hmodel_c: defDramPeak ?? null,
            delta_peak_dram_hmodel_k:
              tapsDramPeak === undefined || defDramPeak === undefined ? null : tapsDramPeak - defDramPeak,
            ...(dramModel === undefined || tapsDramPeak === undefined || defDramPeak === undefined
              ? {}
              : {
                  dram_hmodel: {
                    taps: stepOf(tapsDramPeak),
                    default: stepOf(defDramPeak),
                    background_bank_w: dramModel.backgroundBankW,
                    background_reference_c: dramModel.referenceC,
                    background_refresh_multiplier: dramModel.refreshMultiplier,
                    w_dram: dramModel.weight,
                  },
                }),
            // the read-burst model (@tasmoe/taps burst-positions.ts): largest burst + own mean rise of a position holding shards
            ...(r.burst === undefined || defBurstK === undefined || burst === undefined
              ? {}
              : {
                  dram_burst: {
                    read_ms: burst.durationS * 1e3,
                    read_power_w: r.burst.readPowerW,
                    taps_peak_rise_k: r.burst.peakK,
                    default_peak_rise_k: defBurstK,
                    narrowed_vaults: r.burst.narrowedVaults,
                    bank_positions: tas.taps.bank_positions,
                    // "burst+logic": TAPS's core peak with the reads on the burst plan's positions, and after refining them
                    ...(r.burst.logic === undefined
                      ? {}
                      : {
                          logic_refinement: {
                            moves: r.burst.logic.moves,
                            core_peak_burst_plan_c: r.burst.logic.burstPlanPeakC,
                            core_peak_c: r.burst.logic.peakC,
                          },
                        }),
                  },
                }),
            steady: {
              taps: { ...steadyJson(steady), refresh: stepOf(steady.peakDramC) },
              default: { ...steadyJson(defSteady), refresh: stepOf(defSteady.peakDramC) },
            },
            headroom: {
              movable_w: headroom.movableW,
              // DRAM access watts moved with it (0 without the solver's DRAM part)
              movable_reads_w: headroom.readsW,
              default_peak_logic_c: headroom.peakC,
              best_peak_logic_c: headroom.bestPeakC,
              even_peak_logic_c: headroom.evenPeakC,
              max_gain_k: headroom.peakC - headroom.bestPeakC,
            },
            critical_path_ms: cp.layerMs,
            default_critical_path_ms: cp.defaultLayerMs,
            critical_path_step_ratio: cp.stepRatio,
            critical_path_worst_layer_ratio: cp.worstLayerRatio,
            // E[tasks on a layer's busiest core] over the default's, worst layer (@tasmoe/taps layer-expected-max.ts)
            expected_max_worst_layer_ratio: cp.worstLayerMaxRatio,
            busiest_core_ms: cp.coreMaxMs,
            default_busiest_core_ms: cp.defaultCoreMaxMs,
            ...(r.gap === undefined ? {} : { gap: r.gap }),
            ...(r.fallbackReason === undefined ? {} : { fallback_reason: r.fallbackReason }),
            influence: r.influenceSource,
            heat: r.heatSource,
            token_rate: r.load.tokenRate,
            experts: Object.keys(r.placement.experts).length,
            tensors: Object.keys(r.placement.tensors).length,
            time_ms: r.timingsMs.total,
            ...(r.placement.meta?.note === undefined ? {} : { note: r.placement.meta.note }),
          }),
        );
        return;
      }
      io.out(
        `wrote ${opts.out}: ${Object.keys(r.placement.experts).length} experts, ${Object.keys(r.placement.tensors).length} weight shards (${r.method}, ${r.timingsMs.total.toFixed(0)} ms)`,
      );
      io.out(
        `predicted peak logic temperature: TAPS ${r.predictedPeakC.toFixed(3)} C, default ${defTerms.peakC.toFixed(3)} C (${delta <= 0 ? '' : '+'}${delta.toFixed(3)} K)`,
      );
      if (tapsDramPeak !== undefined && defDramPeak !== undefined) {
        const margin = (t: number) => {
          const st = nextRefreshStep(t, curve);
          return st === undefined
            ? 'above the last refresh step'
            : `${(st.atC - t).toFixed(2)} K below the ${st.atC} C step`;
        };
        io.out(
          `predicted peak DRAM (TAPS's vault x die model): TAPS ${tapsDramPeak.toFixed(3)} C (${margin(tapsDramPeak)}), default ${defDramPeak.toFixed(3)} C (${margin(defDramPeak)})`,
        );
      }
      if (r.burst !== undefined && defBurstK !== undefined)
        io.out(
          `read bursts (${(r.burst.readPowerW * 1e3).toFixed(0)} mW for ${((burst?.durationS ?? 0) * 1e3).toFixed(2)} ms on one bank position): largest predicted rise TAPS +${r.burst.peakK.toFixed(2)} K, default +${defBurstK.toFixed(2)} K; ${r.burst.narrowedVaults} vaults leave out the positions a burst heats most`,
        );
      io.out(
        `objective (K): TAPS ${r.objective.toFixed(4)}, default ${defTerms.value.toFixed(4)}${r.gap === undefined ? '' : `; MILP gap ${(r.gap * 100).toFixed(3)}%`}`,
      );
      io.out(
        `critical path per step (sum over layers): TAPS / default ${cp.stepRatio.toFixed(4)}, worst layer ${cp.worstLayerRatio.toFixed(4)} (expected max ${cp.worstLayerMaxRatio.toFixed(4)}); busiest core ${cp.coreMaxMs.toFixed(2)} ms (default ${cp.defaultCoreMaxMs.toFixed(2)} ms) per step`,
      );
      io.out(
        `steady state of the nominal power (first ${steady.windows} windows, whole stack, leakage and refresh iterated): TAPS ${steady.peakLogicC.toFixed(2)} / ${steady.peakDramC.toFixed(2)} C, default ${defSteady.peakLogicC.toFixed(2)} / ${defSteady.peakDramC.toFixed(2)} C (peak logic / DRAM; docs/model.md "Predicted and simulated peaks" relates them to a run)`,
      );
      io.out(
        `scheduling headroom: moving the default's ${headroom.movableW.toFixed(2)} W of dynamic, clock and NoC core power${headroom.readsW > 0 ? ` and ${headroom.readsW.toFixed(2)} W of DRAM access power` : ''} anywhere, whatever the throughput, could lower its steady logic peak by at most ${(headroom.peakC - headroom.bestPeakC).toFixed(3)} K (${headroom.peakC.toFixed(2)} -> ${headroom.bestPeakC.toFixed(2)} C; spread evenly: ${headroom.evenPeakC.toFixed(2)} C)`,
      );
      io.out(
        `H: ${r.influenceSource === 'given' ? 'thermal solver' : 'analytic approximation (no thermal solver H)'}; heat: ${r.heatSource}`,
      );
      if (r.fallbackReason !== undefined) io.out(`solver fallback: ${r.fallbackReason}`);
    });
}

function steadyJson(p: SteadyPrediction) {
  return {
    peak_logic_c: p.peakLogicC,
    peak_dram_c: p.peakDramC,
    mean_logic_c: p.meanLogicC,
    mean_dram_c: p.meanDramC,
    logic_w: p.logicW,
    dram_w: p.dramW,
    windows: p.windows,
    leakage_iterations: p.leakageIterations,
  };
}
