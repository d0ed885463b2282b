/**
 * Banks whose temperatures are equal in every window by construction (the loop's
 * `bankTwins`: banks that average the same thermal cells). Their EMAs are then
 * equal too, so TACS smooths one bank per group (the head) and copies the head's
 * value to the others only when it reads bank temperatures (DRAM emergencies).
 */
import { TacsError } from './errors.js';

export interface BankTwinGroups {
  readonly bankCount: number;
  /** Banks heading a group (their twin is themselves), ascending. */
  readonly heads: Int32Array;
  /** The other banks, ascending ... */
  readonly members: Int32Array;
  /** ... and the head of each. */
  readonly memberHead: Int32Array;
  /** The head of every bank (itself for a head): reads through it see current values without fillTwins. */
  readonly headOf: Int32Array;
}

/** Groups from `twins[b]` = the lowest bank with b's temperature (b itself when none). */
export function bankTwinGroups(twins: ArrayLike<number>): BankTwinGroups {
  const heads: number[] = [];
  const members: number[] = [];
  const memberHead: number[] = [];
  for (let b = 0; b < twins.length; b++) {
    const t = twins[b] as number;
    if (!(Number.isInteger(t) && t >= 0 && t <= b && (t === b || twins[t] === t)))
      throw new TacsError('TACS_INPUT_SHAPE', `bank twins: bank ${b} names ${t}, not a lower bank heading its group`);
    if (t === b) heads.push(b);
    else {
      members.push(b);
      memberHead.push(t);
    }
  }
  return {
    bankCount: twins.length,
    heads: Int32Array.from(heads),
    members: Int32Array.from(members),
    memberHead: Int32Array.from(memberHead),
    headOf: Int32Array.from(twins),
  };
}

/** values[m] = values[head of m] for every member bank. */
export function fillTwins(values: Float64Array, groups: BankTwinGroups): void {
  const { members, memberHead } = groups;
  for (let k = 0; k < members.length; k++) values[members[k] as number] = values[memberHead[k] as number] as number;
}
