// cloudlog-pretty: JSON log lines on stdin, pretty lines on stdout. Never stops on bad input (a
// line it cannot read is printed as it came); ends quietly when stdout is closed (piped into
// `head`); follows stdout's back-pressure.
import { defaultColors } from '../formats/pretty.js';
import { type Line, LineSplitter } from './line-splitter.js';
import { type LogView, viewOf } from './log-view.js';
import { type PrettyArgs, parsePrettyArgs, USAGE, UsageError } from './pretty-args.js';
import { renderView } from './render-view.js';

/** Names wider than this do not widen the name column. */
const MAX_NAME_WIDTH = 24;

export interface PrettyCommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs the command; resolves with its exit code (0, or 2 for a usage mistake). */
export function runPrettyCommand(
  argv: readonly string[],
  io: PrettyCommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let args: PrettyArgs;
  try {
    args = parsePrettyArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`cloudlog-pretty: ${error.message}\nRun cloudlog-pretty --help for the options.\n`);
    return Promise.resolve(2);
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return Promise.resolve(0);
  }
  const printer = new LinePrinter(args, args.colors ?? defaultColors(io.env, io.stdout.isTTY === true));
  return pump(io, printer);
}

function pump(io: PrettyCommandIo, printer: LinePrinter): Promise<number> {
  const { stdin, stdout } = io;
  const splitter = new LineSplitter();
  return new Promise((resolve) => {
    let over = false;
    const finish = (code: number): void => {
      if (over) return;
      over = true;
      stdin.removeListener('data', onData);
      stdin.pause();
      resolve(code);
    };
    const write = (lines: readonly Line[]): void => {
      const out = printer.print(lines);
      if (out.length > 0 && !stdout.write(out)) {
        stdin.pause();
        stdout.once('drain', () => {
          if (!over) stdin.resume();
        });
      }
    };
    const onData = (chunk: Buffer | string): void => {
      write(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    };
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      // The reader went away (`| head`): nothing more to print, and nothing to complain about.
      if (error.code !== 'EPIPE') io.stderr.write(`cloudlog-pretty: cannot write: ${error.message}\n`);
      (stdin as { destroy?: () => void }).destroy?.();
      finish(error.code === 'EPIPE' ? 0 : 1);
    });
    stdin.on('data', onData);
    stdin.on('end', () => {
      if (over) return;
      write(splitter.end());
      finish(0);
    });
    stdin.on('error', (error: Error) => {
      io.stderr.write(`cloudlog-pretty: cannot read stdin: ${error.message}\n`);
      finish(1);
    });
  });
}

/** Lines in, output bytes out: JSON log lines rendered, filtered; any other line as it came. */
export class LinePrinter {
  #nameWidth = 0;

  constructor(
    private readonly args: PrettyArgs,
    private readonly colors: boolean,
  ) {}

  print(lines: readonly Line[]): Buffer {
    const out: Buffer[] = [];
    for (const line of lines) {
      const rendered = this.#render(line);
      if (rendered === null) continue;
      out.push(rendered === undefined ? line.bytes : Buffer.from(`${rendered}\n`));
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** The pretty text, undefined to pass the line through, null to leave it out (filtered). */
  #render(line: Line): string | undefined | null {
    const text = line.text;
    if (text === undefined || !/^\s*\{/.test(text)) return undefined;
    let view: LogView | undefined;
    try {
      view = viewOf(JSON.parse(text));
    } catch {
      return undefined;
    }
    if (view === undefined) return undefined;
    // Every name seen widens the column, filtered lines' too: the layout does not hang on the filters.
    if (view.name !== undefined && view.name.length > this.#nameWidth) {
      this.#nameWidth = Math.min(MAX_NAME_WIDTH, view.name.length);
    }
    const { level, requestId } = this.args;
    if (level !== undefined && !(view.level !== undefined && view.level >= level)) return null;
    if (requestId !== undefined && view.requestId !== requestId) return null;
    try {
      return renderView(view, this.colors, this.#nameWidth);
    } catch {
      return undefined;
    }
  }
}
