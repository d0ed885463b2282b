/** Where a command prints; tests pass a recorder. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Present when stderr is a terminal: progress bars redraw in place there; without it they print plain lines via err. */
  readonly tty?: ProgressTerminal;
}

/** A terminal to draw a one-line progress bar on. */
export interface ProgressTerminal {
  write(text: string): void;
  readonly columns: number;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  ...(process.stderr.isTTY
    ? {
        tty: {
          write: (text: string) => void process.stderr.write(text),
          get columns() {
            return process.stderr.columns;
          },
        },
      }
    : {}),
};
