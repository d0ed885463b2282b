/**
 * Problems of one file as they are found: all counted, the first 20 kept, so
 * a broken million-row trace prints 20 lines and "... and N more".
 */
import { formatIssue, type InputIssue } from '@tasmoe/schemas';

export const MAX_PRINTED_ISSUES = 20;

export interface IssueSink {
  add(issue: InputIssue): void;
  readonly count: number;
  /** The lines to print: the first issues, then "<file>: ... and N more problems" when there were more. */
  lines(file: string): string[];
}

export function createIssueSink(max = MAX_PRINTED_ISSUES): IssueSink {
  const kept: InputIssue[] = [];
  let count = 0;
  return {
    add(issue) {
      count++;
      if (kept.length < max) kept.push(issue);
    },
    get count() {
      return count;
    },
    lines(file) {
      const out = kept.map(formatIssue);
      if (count > kept.length)
        out.push(`${file}: ... and ${count - kept.length} more problem${count - kept.length === 1 ? '' : 's'}`);
      return out;
    },
  };
}
