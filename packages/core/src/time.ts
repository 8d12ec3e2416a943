// Timestamp text for formats. `new Date().toISOString()` costs about half a microsecond, so the
// text of the current second is cached and only the milliseconds are appended per record.

let isoSecond = Number.NaN;
let isoPrefix = '';
// A busy server writes many lines within one millisecond: the last text is reused whole.
let isoMs = Number.NaN;
let isoText = '';

/** ISO 8601 UTC text of an epoch-milliseconds time, e.g. `2026-11-24T15:08:00.123Z`. */
export function isoTime(ms: number): string {
  if (ms === isoMs) return isoText;
  isoMs = ms;
  isoText = isoTextOf(ms);
  return isoText;
}

function isoTextOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    const text = new Date(second * 1000).toISOString(); // 2026-11-24T15:08:00.000Z
    isoPrefix = text.slice(0, 20);
    isoSecond = second;
  }
  return `${isoPrefix}${pad3(ms - second * 1000)}Z`;
}

let pySecond = Number.NaN;
let pyUtc = false;
let pyPrefix = '';

/** Python logging's default `asctime`: `2026-11-24 15:08:00,123`, local time unless `utc`. */
export function pythonTime(ms: number, utc: boolean): string {
  const second = Math.floor(ms / 1000);
  if (second !== pySecond || utc !== pyUtc) {
    const d = new Date(second * 1000);
    pyPrefix = utc
      ? `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())},`
      : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())},`;
    pySecond = second;
    pyUtc = utc;
  }
  return pyPrefix + pad3(ms - second * 1000);
}

/** `HH:MM:SS.mmm` in local time, for the pretty format. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}
