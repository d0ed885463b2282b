/** Copies of a PhysicalWindow that outlive the session's reused buffers. */
import type { PhysicalWindow } from '@tasmoe/schemas';
import { copyComputeColumns, copyMemoryColumns } from './event-columns.js';

export function clonePhysicalWindow(pw: PhysicalWindow): PhysicalWindow {
  return {
    ...pw,
    compute: copyComputeColumns(pw.compute),
    memory: copyMemoryColumns(pw.memory),
    coreBusyNs: pw.coreBusyNs.slice(),
    coreFlops: pw.coreFlops.slice(),
    bankReadBytes: pw.bankReadBytes.slice(),
    bankWriteBytes: pw.bankWriteBytes.slice(),
    bankBusyNs: pw.bankBusyNs.slice(),
    linkFlits: pw.linkFlits.slice(),
    stepLatenciesNs: [...pw.stepLatenciesNs],
  };
}
