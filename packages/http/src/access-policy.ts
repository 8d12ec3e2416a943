// Whether a request's access line is written, and at which level. Two levels are involved in
// request logging and they are independent: the threshold of `req.log` (route `level`), and
// the level of the access line, decided here from the outcome, the status and the duration.
import { type LevelInput, levels, parseLevel } from '@cloudlog/core';
import type { AccessMode, CompiledOverride } from './route-rules.js';

/** Levels of the access line by outcome. */
export interface AccessLevels {
  /** 1xx, 2xx and 3xx responses. @default 'info' */
  readonly success?: LevelInput;
  /** 4xx responses. @default 'warn' */
  readonly clientError?: LevelInput;
  /** 5xx responses, captured errors, responses cut short by the server. @default 'error' */
  readonly serverError?: LevelInput;
  /** The client closed the connection before the response ended. @default 'warn' */
  readonly aborted?: LevelInput;
  /** The least level of a slow request (see `slowMs`): a slow success is raised to it. @default 'warn' */
  readonly slow?: LevelInput;
}

/** @internal */
export interface CompiledLevels {
  readonly success: number;
  readonly clientError: number;
  readonly serverError: number;
  readonly aborted: number;
  readonly slow: number;
}

export type Outcome = 'completed' | 'errored' | 'aborted';

const LEVEL_KEYS = ['success', 'clientError', 'serverError', 'aborted', 'slow'] as const;
const DEFAULT_LEVELS: CompiledLevels = {
  success: levels.info,
  clientError: levels.warn,
  serverError: levels.error,
  aborted: levels.warn,
  slow: levels.warn,
};

export function compileAccessLevels(option: AccessLevels | undefined): CompiledLevels {
  if (option === undefined) return DEFAULT_LEVELS;
  if (typeof option !== 'object' || option === null) {
    throw new TypeError(`cloudlog: accessLevels must be an object with any of ${LEVEL_KEYS.join(', ')}`);
  }
  const out: Record<string, number> = { ...DEFAULT_LEVELS };
  for (const key of Object.keys(option)) {
    if (!(LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(
        `cloudlog: accessLevels has an unknown key ${JSON.stringify(key)}; allowed: ${LEVEL_KEYS.join(', ')}`,
      );
    }
    const value = (option as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const name = parseLevel(value, `accessLevels.${key}`);
    if (name === 'silent')
      throw new TypeError(`cloudlog: accessLevels.${key} cannot be 'silent'; use accessLog: 'off'`);
    out[key] = levels[name];
  }
  return out as unknown as CompiledLevels;
}

/** @internal The settings in force for one request: route override > matching rule > global options. */
export interface AccessSettings {
  readonly accessMode: AccessMode;
  readonly accessLevel: number | undefined;
  readonly sampleRate: number;
  readonly slowMs: number | undefined;
}

export function settingsFor(
  global: AccessSettings,
  rule: CompiledOverride | undefined,
  override: CompiledOverride | undefined,
): AccessSettings {
  if (rule === undefined && override === undefined) return global;
  const pick = <K extends keyof AccessSettings & keyof CompiledOverride>(key: K): AccessSettings[K] =>
    (override?.[key] ?? rule?.[key] ?? global[key]) as AccessSettings[K];
  const accessMode = pick('accessMode');
  const fromOverride = override?.accessMode !== undefined;
  const fromRule = !fromOverride && rule?.accessMode !== undefined;
  const accessLevel = fromOverride ? override?.accessLevel : fromRule ? rule?.accessLevel : global.accessLevel;
  return { accessMode, accessLevel, sampleRate: pick('sampleRate'), slowMs: pick('slowMs') };
}

/** The level the access line is written at, or undefined when it is not written. */
export function accessLevelFor(
  settings: AccessSettings,
  levelsByOutcome: CompiledLevels,
  outcome: Outcome,
  status: number | undefined,
  slow: boolean,
  random: () => number = Math.random,
): number | undefined {
  let level: number;
  if (outcome === 'aborted') level = levelsByOutcome.aborted;
  else if (outcome === 'errored') level = levelsByOutcome.serverError;
  else if (status !== undefined && status >= 500) level = levelsByOutcome.serverError;
  else if (status !== undefined && status >= 400) level = levelsByOutcome.clientError;
  else level = levelsByOutcome.success;
  const succeeded = outcome === 'completed' && (status === undefined || status < 400);
  if (slow) return Math.max(level, levelsByOutcome.slow);
  switch (settings.accessMode) {
    case 'off':
      return outcome === 'errored' ? level : undefined;
    case 'errors':
      return succeeded ? undefined : level;
    case 'level':
      if (succeeded) level = settings.accessLevel ?? level;
      break;
  }
  if (succeeded && settings.sampleRate < 1 && !(random() < settings.sampleRate)) return undefined;
  return level;
}
