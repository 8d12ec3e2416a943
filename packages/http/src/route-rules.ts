// Per-route overrides. A rule matches on the method and the route template or the path (never
// the raw URL with its query) and sets, for the requests it matches, the threshold of `req.log`
// (`level`) and what happens to the access line (`accessLog`, `sampleRate`, `slowMs`).
import { type LevelInput, levels, parseLevel } from '@cloudlog/core';

/**
 * What happens to a route's access line:
 * - `'on'`: logged at the level its outcome gives (see `AccessLevels`);
 * - `'off'`: not logged, except server errors (5xx, a captured error, a response cut short by
 *   the server) and slow requests;
 * - `'errors'`: only unsuccessful requests (4xx, 5xx, errored, aborted) and slow ones;
 * - a level: successful lines are logged at that level (e.g. `'debug'` to keep health checks
 *   out of an info log); unsuccessful and slow ones keep their own level.
 */
export type AccessLogSetting = 'on' | 'off' | 'errors' | LevelInput;

/** Settings for a route, as `routeLevel()` takes them (no `match`: it is placed on the route). */
export interface RouteOverride {
  /**
   * Threshold of `req.log` for the route, and of loggers from `getLogger()` called below its
   * handler (those that did not set their own level). It does not change the access line's level.
   */
  readonly level?: LevelInput;
  /** The access line: `'on'`, `'off'`, `'errors'` or a level. @default 'on' */
  readonly accessLog?: AccessLogSetting;
  /** Share of successful access lines kept, 0 to 1; unsuccessful and slow ones are always kept. @default 1 */
  readonly sampleRate?: number;
  /** A request taking at least this long is marked slow (see `slowMs` of the logging options). */
  readonly slowMs?: number;
}

/** A route override with the requests it applies to. */
export interface RouteRule extends RouteOverride {
  /**
   * `'METHOD /pattern'` or `'/pattern'` (any method); methods may be listed (`'GET,HEAD /health'`)
   * or `*`. The pattern is compared with the route template (`/users/:id`) and with the path
   * (`/users/42`): `:name` matches one path segment, `*` matches anything (including `/`); a
   * trailing slash is optional and letters match in any case, as Express routes do by default.
   * A RegExp (without the g or y flag) is tested against the template and the path.
   */
  readonly match: string | RegExp;
}

export type AccessMode = 'on' | 'off' | 'errors' | 'level';

/** @internal A validated override: numeric levels, every field explicit. */
export interface CompiledOverride {
  readonly level: number | undefined;
  readonly levelName: string | undefined;
  readonly accessMode: AccessMode | undefined;
  readonly accessLevel: number | undefined;
  readonly sampleRate: number | undefined;
  readonly slowMs: number | undefined;
}

/** @internal */
export interface CompiledRule extends CompiledOverride {
  readonly methods: ReadonlySet<string> | undefined;
  readonly source: string | undefined;
  readonly pattern: RegExp;
}

const OVERRIDE_KEYS = new Set(['level', 'accessLog', 'sampleRate', 'slowMs']);
const RULE_KEYS = new Set([...OVERRIDE_KEYS, 'match']);
const MATCH_SHAPE = /^(?:([A-Za-z]+(?:,[A-Za-z]+)*|\*)\s+)?(\/\S*)$/;
const MATCH_HELP = "'METHOD /path' or '/path' (e.g. 'GET /health', 'GET,HEAD /health', '/admin/*') or a RegExp";

/** Validates `routes` once, at construction; a mistake is a TypeError naming the rule. */
export function compileRouteRules(rules: unknown): CompiledRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) throw new TypeError('cloudlog: routes must be an array of { match, ...settings }');
  return rules.map((rule, i) => compileRule(rule, `routes[${i}]`));
}

/** Validates the top-level `accessLog`, `sampleRate` and `slowMs` options. */
export function compileGlobalSettings(settings: RouteOverride): CompiledOverride {
  return compileSettings(settings, 'options');
}

/** Validates what `routeLevel()` takes: a level, or the settings of a rule without `match`. */
export function compileRouteOverride(levelOrRule: unknown): CompiledOverride {
  if (typeof levelOrRule === 'string' || typeof levelOrRule === 'number') {
    return compileSettings({ level: levelOrRule as LevelInput }, 'routeLevel()');
  }
  if (typeof levelOrRule !== 'object' || levelOrRule === null || Array.isArray(levelOrRule)) {
    throw new TypeError('cloudlog: routeLevel() takes a level or { level?, accessLog?, sampleRate?, slowMs? }');
  }
  if ('match' in levelOrRule) {
    throw new TypeError('cloudlog: routeLevel() applies to the route it is placed on; remove match');
  }
  checkKeys(levelOrRule, OVERRIDE_KEYS, 'routeLevel()');
  return compileSettings(levelOrRule as RouteOverride, 'routeLevel()');
}

/** The first rule matching the request, or undefined. */
export function matchRule(
  rules: readonly CompiledRule[],
  method: string,
  template: string | undefined,
  path: string,
): CompiledRule | undefined {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    if (rule.methods !== undefined && !rule.methods.has(method)) continue;
    if (template !== undefined && (template === rule.source || rule.pattern.test(template))) return rule;
    if (rule.pattern.test(path)) return rule;
  }
  return undefined;
}

function compileRule(rule: unknown, where: string): CompiledRule {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new TypeError(`cloudlog: ${where} must be an object { match, level?, accessLog?, sampleRate?, slowMs? }`);
  }
  checkKeys(rule, RULE_KEYS, where);
  const settings = compileSettings(rule as RouteOverride, where);
  const match = (rule as { match?: unknown }).match;
  if (match instanceof RegExp) {
    if (match.global || match.sticky) {
      throw new TypeError(`cloudlog: ${where}.match must not use the g or y flag (it would make matching stateful)`);
    }
    return { ...settings, methods: undefined, source: undefined, pattern: match };
  }
  if (typeof match !== 'string') throw new TypeError(`cloudlog: ${where}.match must be ${MATCH_HELP}`);
  const shape = MATCH_SHAPE.exec(match.trim());
  if (shape === null) {
    throw new TypeError(`cloudlog: ${where}.match ${JSON.stringify(match)} is not ${MATCH_HELP}`);
  }
  const methodList = shape[1];
  const source = shape[2] as string;
  const methods =
    methodList === undefined || methodList === '*' ? undefined : new Set(methodList.toUpperCase().split(','));
  return { ...settings, methods, source, pattern: patternOf(source) };
}

function compileSettings(rule: RouteOverride, where: string): CompiledOverride {
  let level: number | undefined;
  let levelName: string | undefined;
  if (rule.level !== undefined) {
    levelName = parseLevel(rule.level, `${where}.level`);
    level = levels[levelName as keyof typeof levels];
  }
  let accessMode: AccessMode | undefined;
  let accessLevel: number | undefined;
  const accessLog = rule.accessLog;
  if (accessLog === 'on' || accessLog === 'off' || accessLog === 'errors') accessMode = accessLog;
  else if (accessLog !== undefined) {
    let name: string;
    try {
      name = parseLevel(accessLog, `${where}.accessLog`);
    } catch {
      throw new TypeError(
        `cloudlog: ${where}.accessLog must be 'on', 'off', 'errors' or a level (trace, debug, info, warn, error, fatal), got ${JSON.stringify(accessLog)}`,
      );
    }
    if (name === 'silent') throw new TypeError(`cloudlog: ${where}.accessLog 'silent': use 'off'`);
    accessMode = 'level';
    accessLevel = levels[name as keyof typeof levels];
  }
  const sampleRate = rule.sampleRate;
  if (sampleRate !== undefined && (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1))) {
    throw new TypeError(`cloudlog: ${where}.sampleRate must be a number from 0 to 1, got ${String(sampleRate)}`);
  }
  const slowMs = rule.slowMs;
  if (slowMs !== undefined && (typeof slowMs !== 'number' || !Number.isFinite(slowMs) || slowMs < 0)) {
    throw new TypeError(`cloudlog: ${where}.slowMs must be a number of milliseconds >= 0, got ${String(slowMs)}`);
  }
  return { level, levelName, accessMode, accessLevel, sampleRate, slowMs };
}

function checkKeys(value: object, allowed: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      throw new TypeError(
        `cloudlog: ${where} has an unknown setting ${JSON.stringify(key)}; allowed: ${[...allowed].join(', ')}`,
      );
    }
  }
}

/** `/users/:id/*` → `^/users/[^/]+/.*\/?$` (case-insensitive, as Express routes are by default). */
function patternOf(source: string): RegExp {
  let out = '';
  for (const segment of source.split('/')) {
    if (out !== '' || segment !== '') out += '/';
    if (/^:[A-Za-z_$][\w$]*\??$/.test(segment)) out += '[^/]+';
    else out += segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*[A-Za-z_$\w]*/g, '.*');
  }
  if (source === '/') out = '/';
  return new RegExp(`^${out.endsWith('/') && out !== '/' ? out.slice(0, -1) : out}/?$`, 'i');
}
