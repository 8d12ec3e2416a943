// Measures each entry of a raw WriteLogEntriesRequest the way the 256 KiB rule is applied here:
// the entry's own protobuf encoding, plus the encoded request-level `log_name`, `resource` and
// `labels` it inherits (the service applies the limit to the entry as stored, defaults included).
// Tag sizes match (request fields 1-3, LogEntry fields 12/8/11 are all one-byte tags), so an
// inherited field costs exactly what it costs in the request.
import { readFields } from './wire.js';

const REQUEST_LOG_NAME = 1;
const REQUEST_RESOURCE = 2;
const REQUEST_LABELS = 3;
const REQUEST_ENTRIES = 4;

export interface RequestLayout {
  /** Encoded size of each entry, in request order. */
  readonly entrySizes: number[];
  readonly logNameBytes: number;
  readonly resourceBytes: number;
  /** Encoded size of each request label (key → size of its map entry field). */
  readonly labelBytes: Map<string, number>;
}

export function requestLayout(raw: Uint8Array): RequestLayout {
  const entrySizes: number[] = [];
  const labelBytes = new Map<string, number>();
  let logNameBytes = 0;
  let resourceBytes = 0;
  for (const f of readFields(raw)) {
    const size = f.end - f.start;
    if (f.field === REQUEST_ENTRIES) entrySizes.push(f.end - f.valueStart);
    else if (f.field === REQUEST_LOG_NAME) logNameBytes = size;
    else if (f.field === REQUEST_RESOURCE) resourceBytes = size;
    else if (f.field === REQUEST_LABELS) {
      const entry = raw.subarray(f.valueStart, f.end);
      const key = readFields(entry).find((g) => g.field === 1);
      const name = key ? Buffer.from(entry.subarray(key.valueStart, key.end)).toString('utf8') : '';
      labelBytes.set(name, size);
    }
  }
  return { entrySizes, logNameBytes, resourceBytes, labelBytes };
}

/** The entry's measured size with what it inherits from the request. */
export function effectiveEntrySize(
  layout: RequestLayout,
  index: number,
  entry: { logName?: string; resource?: unknown; labels?: Record<string, string> },
): number {
  let size = layout.entrySizes[index] ?? 0;
  if (!entry.logName) size += layout.logNameBytes;
  if (!entry.resource) size += layout.resourceBytes;
  for (const [key, bytes] of layout.labelBytes) {
    if (!entry.labels || !(key in entry.labels)) size += bytes;
  }
  return size;
}

/** The service's way of printing sizes in its error text: `555.6K`, `6.23M`. */
export function formatServiceSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)}M`;
  return `${(bytes / 1024).toFixed(1)}K`;
}
