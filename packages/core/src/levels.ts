/** Numeric values of the levels, as in Python's `logging` and pino: higher is more severe. */
export const levels = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
} as const;

export type LevelName = keyof typeof levels;
/** The levels a record can be logged at (every level but `silent`). */
export type LogLevelName = Exclude<LevelName, 'silent'>;

/**
 * What a level option accepts: a level name in any case, Python's `WARNING` and `CRITICAL`
 * (as warn and fatal), or the numeric value of a named level.
 */
export type LevelInput =
  | LevelName
  | Uppercase<LevelName>
  | Capitalize<LevelName>
  | 'warning'
  | 'WARNING'
  | 'Warning'
  | 'critical'
  | 'CRITICAL'
  | 'Critical'
  | (typeof levels)[LogLevelName];

const aliases: Readonly<Record<string, LevelName>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  silent: 'silent',
};

const byNumber: Readonly<Record<number, LogLevelName>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

const VALID = 'trace, debug, info, warn (or warning), error, fatal (or critical), silent';

/** Resolves a level option to its canonical name; throws a TypeError listing the valid ones. */
export function parseLevel(input: unknown, what = 'level'): LevelName {
  if (typeof input === 'string') {
    const name = aliases[input.trim().toLowerCase()];
    if (name !== undefined) return name;
  } else if (typeof input === 'number') {
    const name = byNumber[input];
    if (name !== undefined) return name;
  }
  throw new TypeError(`cloudlog: unknown ${what} ${describe(input)}; expected one of ${VALID}`);
}

/** The canonical name of a numeric level, or undefined for a number that is not a level. */
export function levelNameOf(value: number): LogLevelName | undefined {
  return byNumber[value];
}

/** The name of a threshold value (a level's number, or silent's infinity). */
export function thresholdName(value: number): LevelName {
  return value === levels.silent ? 'silent' : (byNumber[value] ?? 'info');
}

/** Default threshold: `LOG_LEVEL` from the environment, else info. */
export function defaultLevel(env: NodeJS.ProcessEnv = process.env): LevelName {
  const fromEnv = env.LOG_LEVEL;
  if (fromEnv === undefined || fromEnv.trim() === '') return 'info';
  return parseLevel(fromEnv, 'LOG_LEVEL');
}

function describe(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  if (typeof input === 'number' || typeof input === 'boolean' || input == null) return String(input);
  return `(${typeof input})`;
}
