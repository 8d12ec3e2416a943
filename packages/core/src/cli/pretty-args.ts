// The command line of cloudlog-pretty.
import { levels, parseLevel } from '../levels.js';

export interface PrettyArgs {
  /** Lines below this numeric level are left out. */
  readonly level: number | undefined;
  readonly requestId: string | undefined;
  /** `--color` / `--no-color`; undefined: colours on a terminal unless NO_COLOR is set. */
  readonly colors: boolean | undefined;
  readonly help: boolean;
}

export const USAGE = `Usage: cloudlog-pretty [options] < app.log
       node app.js | npx cloudlog-pretty --level warn

Reads JSON log lines on stdin (cloudlog's json(), its Cloud Logging stdout lines, pino's) and
prints them as coloured, aligned lines: time, level, name, message, then the other fields.
Access lines read as method, path, status and duration. Lines that are not JSON log lines are
printed unchanged.

Options:
  --level <level>       show only lines at this level or above: trace, debug, info,
                        warn (or warning), error, fatal (or critical), or 10-60
  --request-id <id>     show only the lines of this request (requestId, req.id, reqId)
  --color, --no-color   force colours on or off (default: on when stdout is a terminal
                        and NO_COLOR is not set)
  -h, --help            print this help
`;

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export function parsePrettyArgs(argv: readonly string[]): PrettyArgs {
  let level: number | undefined;
  let requestId: string | undefined;
  let colors: boolean | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--level':
        level = thresholdOf(value());
        break;
      case '--request-id': {
        const id = value();
        if (id === '') throw new UsageError('--request-id needs a value');
        requestId = id;
        break;
      }
      case '--color':
      case '--colors':
        colors = true;
        break;
      case '--no-color':
      case '--no-colors':
        colors = false;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return { level, requestId, colors, help };
}

function thresholdOf(text: string): number {
  try {
    return levels[parseLevel(/^\d+$/.test(text) ? Number(text) : text, '--level')];
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^cloudlog: /, ''));
  }
}
