// A LogView as a pretty line, laid out by core's prettyLine() (the pretty() format's layout):
// an access line's message is its summary, `GET /users/42 200 12ms`, its status coloured by
// class; every string from the input is escaped, so a line cannot forge colours or lines.
import { escapeControl } from '../formats/escape.js';
import { BOLD, prettyLine, RESET, renderValue } from '../formats/pretty-line.js';
import { type AccessFacts, ErrorFacts, type LogView } from './log-view.js';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';
const GREEN = '\x1b[32m';

export function renderView(view: LogView, colors: boolean, nameWidth: number): string {
  const entries: [string, string][] = [];
  const access = view.access;
  if (access !== undefined && view.msg !== '') entries.push(['msg', renderValue(view.msg)]);
  for (const [key, value] of view.fields) {
    if (value === undefined) continue;
    entries.push([key, value instanceof ErrorFacts ? escapeControl(value.text) : renderField(value)]);
  }
  const summary = access === undefined ? undefined : accessSummary(access, false);
  return prettyLine(
    {
      time: view.time,
      level: view.level,
      levelText: view.levelText,
      name: view.name,
      message: summary ?? view.msg,
      coloredMessage: access === undefined ? undefined : accessSummary(access, true),
      entries,
      stack: view.err?.stack,
    },
    colors,
    nameWidth,
  );
}

/** `GET /users/42 200 12ms`, `GET /slow aborted 3.2ms`, `GET /x 502 errored 40ms`. */
export function accessSummary(access: AccessFacts, colors: boolean): string {
  const paint = (code: string, text: string): string => (colors ? code + text + RESET : text);
  let text = `${paint(BOLD, escapeControl(access.method))} ${escapeControl(access.path)}`;
  const status = access.status;
  if (status !== undefined) text += ` ${paint(statusColor(status), String(status))}`;
  const outcome = access.outcome;
  if (outcome !== undefined && outcome !== 'completed') {
    text += ` ${paint(outcome === 'aborted' ? YELLOW : RED, escapeControl(outcome))}`;
  }
  if (access.durationMs !== undefined) text += ` ${durationText(access.durationMs)}`;
  return text;
}

/** morgan's `dev` colours: 5xx red, 4xx yellow, 3xx cyan, 2xx green. */
function statusColor(status: number): string {
  if (status >= 500) return RED;
  if (status >= 400) return YELLOW;
  if (status >= 300) return CYAN;
  if (status >= 200) return GREEN;
  return RESET;
}

/** 3.2ms, 12ms, 1.53s. */
function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms}ms`;
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** An error-like object (an error's cause) as `Type: message`; anything else as renderValue does. */
function renderField(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { type, message } = value as { type?: unknown; message?: unknown };
    if (typeof type === 'string' && typeof message === 'string') return escapeControl(`${type}: ${message}`);
  }
  return renderValue(value);
}
