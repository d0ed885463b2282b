/** Where a command prints; tests pass a recorder. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Present when stderr is a terminal: the progress bar redraws in place there; without it progress prints one line per point. */
  readonly tty?: ProgressTerminal;
}

export interface ProgressTerminal {
  write(text: string): void;
  readonly columns: number;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  ...(process.stderr.isTTY
    ? { tty: { write: (text: string) => void process.stderr.write(text), get columns() { return process.stderr.columns; } } }
    : {}),
};
