// Property tests run from one fixed seed, so a test run is reproducible and a CI result does not
// depend on the draw. TASMOE_FC_SEED=<integer> picks another seed; TASMOE_FC_SEED=random draws one
// per property (fast-check prints the seed and path of any counterexample it finds).
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_208;
const raw = process.env.TASMOE_FC_SEED;
if (raw !== 'random') {
  const seed = raw === undefined || raw === '' ? DEFAULT_SEED : Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`TASMOE_FC_SEED must be an integer or "random", not ${raw}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
