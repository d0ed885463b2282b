import { growF64, growI32 } from './typed-grow.js';
import type { WindowContext } from './window-context.js';

/**
 * FIFO resources: the time each core, bank, vault TSV bundle and NoC link becomes free. A dry
 * run reserves on these live timelines; bank and link reservations go through
 * an undo journal (there are many of them, few touched per window), the core
 * array is small enough to snapshot whole.
 */
export class ResourceTimelines {
  readonly coreFree: Float64Array;
  readonly bankFree: Float64Array;
  readonly linkFree: Float64Array;
  /** Time each vault's TSV bundle becomes free (vault v = the vault of core v). */
  readonly vaultFree: Float64Array;
  /** End of the latest work issued so far (tasks and transfers). */
  lastEndNs = 0;

  private readonly ctx: WindowContext;
  private readonly bankCount: number;
  private readonly linkCount: number;
  /** Journal entry j: timeline journalIdx[j] (a bank, bankCount + link, or bankCount + linkCount + vault) was journalOld[j] before. */
  private journalIdx: Int32Array = new Int32Array(1024);
  private journalOld: Float64Array = new Float64Array(1024);
  private journalCount = 0;
  private readonly savedCoreFree: Float64Array;
  private savedLastEndNs = 0;

  constructor(ctx: WindowContext, coreCount: number, bankCount: number, linkCount: number) {
    this.ctx = ctx;
    this.bankCount = bankCount;
    this.linkCount = linkCount;
    this.vaultFree = new Float64Array(coreCount);
    this.coreFree = new Float64Array(coreCount);
    this.bankFree = new Float64Array(bankCount);
    this.linkFree = new Float64Array(linkCount);
    this.savedCoreFree = new Float64Array(coreCount);
  }

  setBankFree(bank: number, t: number): void {
    if (this.ctx.dry) this.journal(bank, this.bankFree[bank] ?? 0);
    this.bankFree[bank] = t;
  }

  setLinkFree(link: number, t: number): void {
    if (this.ctx.dry) this.journal(this.bankCount + link, this.linkFree[link] ?? 0);
    this.linkFree[link] = t;
  }

  setVaultFree(vault: number, t: number): void {
    if (this.ctx.dry) this.journal(this.bankCount + this.linkCount + vault, this.vaultFree[vault] ?? 0);
    this.vaultFree[vault] = t;
  }

  private journal(idx: number, old: number): void {
    const j = this.journalCount;
    if (j === this.journalIdx.length) {
      this.journalIdx = growI32(this.journalIdx, j + 1);
      this.journalOld = growF64(this.journalOld, j + 1);
    }
    this.journalIdx[j] = idx;
    this.journalOld[j] = old;
    this.journalCount = j + 1;
  }

  /** Remember the timelines before a dry run. */
  save(): void {
    this.savedCoreFree.set(this.coreFree);
    this.savedLastEndNs = this.lastEndNs;
    this.journalCount = 0;
  }

  /** Back to what save() saw: the journal is undone newest first. */
  restore(): void {
    for (let j = this.journalCount - 1; j >= 0; j--) {
      const idx = this.journalIdx[j] ?? 0;
      const old = this.journalOld[j] ?? 0;
      if (idx < this.bankCount) this.bankFree[idx] = old;
      else if (idx < this.bankCount + this.linkCount) this.linkFree[idx - this.bankCount] = old;
      else this.vaultFree[idx - this.bankCount - this.linkCount] = old;
    }
    this.journalCount = 0;
    this.coreFree.set(this.savedCoreFree);
    this.lastEndNs = this.savedLastEndNs;
  }
}
