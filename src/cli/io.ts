/** Where a command writes. Tests pass buffers; the binary passes the real streams. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress display) */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Width text output must fit (tables are cut to it); unset: no limit. */
  readonly columns?: number;
}

/** Off a terminal (pipes, files, CI) text output fits this many columns unless COLUMNS says otherwise. */
export const PIPE_COLUMNS = 120;

/** COLUMNS when set, else the terminal's width, else PIPE_COLUMNS. */
export function outputColumns(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number }): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.isTTY && stdout.columns ? stdout.columns : PIPE_COLUMNS;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    columns: outputColumns(process.env, process.stdout),
  };
}

/** Prints exactly one JSON document (the --json contract). */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
