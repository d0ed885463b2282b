/**
 * Core and bank temperatures in C, the shape every power/DVFS/refresh function
 * reads. Cores in core-id order, banks in topology bank-index order.
 */
export interface BlockTemperaturesC {
  readonly coreC: Float64Array;
  readonly bankC: Float64Array;
}

export function createBlockTemperaturesC(coreCount: number, bankCount: number, fillC = 0): BlockTemperaturesC {
  return { coreC: new Float64Array(coreCount).fill(fillC), bankC: new Float64Array(bankCount).fill(fillC) };
}
