// ListLogEntries and ListLogs over the stored entries: resource names, the filter subset,
// `timestamp asc|desc` ordering, page tokens, and the retention window (entries older than it
// were accepted by entries.write but are not listed, as in the real service).
import { status } from '@grpc/grpc-js';
import type { StoredRecord } from './entry-view.js';
import { compileFilter } from './filter.js';
import { DEFAULT_PAGE_SIZE, MAX_FUTURE_TIMESTAMP_MS, MAX_PAGE_SIZE } from './limits.js';
import { parentOfResourceName } from './log-name.js';
import type { RpcStatus } from './wire.js';
import type { WireListEntriesRequest, WireListLogsRequest, WireLogEntry } from './wire-types.js';

type Answer<T> = { readonly response: T } | { readonly error: RpcStatus };

const invalid = (message: string): { error: RpcStatus } => ({ error: { code: status.INVALID_ARGUMENT, message } });

function parentsOf(names: readonly string[]): Set<string> | string {
  const parents = new Set<string>();
  for (const name of names) {
    const parent = parentOfResourceName(name);
    if (!parent) return `Invalid resource name "${name}": expected projects/[PROJECT_ID] or a log view of one`;
    parents.add(parent);
  }
  return parents;
}

function page<T>(items: readonly T[], pageSize: number | undefined, pageToken: string | undefined) {
  const size = Math.min(pageSize && pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextPageToken: end < items.length ? Buffer.from(String(end), 'utf8').toString('base64url') : '',
  };
}

export interface ListWindow {
  readonly nowMs: number;
  readonly retentionDays: number;
}

export function listLogEntries(
  records: readonly StoredRecord[],
  request: WireListEntriesRequest,
  window: ListWindow,
): Answer<{ entries: WireLogEntry[]; nextPageToken: string }> {
  const parents = parentsOf(request.resourceNames ?? []);
  if (typeof parents === 'string') return invalid(parents);
  if (parents.size === 0) return invalid('resourceNames: at least one resource name is required');
  let predicate: ReturnType<typeof compileFilter>;
  try {
    predicate = compileFilter(request.filter);
  } catch (error) {
    return invalid(`Unsupported filter "${request.filter}": ${(error as Error).message}`);
  }
  const orderBy = (request.orderBy ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (!['', 'timestamp', 'timestamp asc', 'timestamp desc'].includes(orderBy)) {
    return invalid(`Invalid orderBy "${request.orderBy}": use "timestamp asc" or "timestamp desc"`);
  }
  const oldest = BigInt(window.nowMs - window.retentionDays * 86_400_000) * 1_000_000n;
  const newest = BigInt(window.nowMs + MAX_FUTURE_TIMESTAMP_MS) * 1_000_000n;
  const selected = records
    .filter((r) => parents.has(r.view.parent) && r.timeNanos >= oldest && r.timeNanos <= newest && predicate(r.view))
    .map((r, arrival) => ({ r, arrival }))
    .sort((a, b) => (a.r.timeNanos === b.r.timeNanos ? a.arrival - b.arrival : a.r.timeNanos < b.r.timeNanos ? -1 : 1))
    .map(({ r }) => r.wire);
  if (orderBy === 'timestamp desc') selected.reverse();
  const result = page(selected, request.pageSize, request.pageToken);
  if (!result) return invalid(`Invalid page token "${request.pageToken}"`);
  return { response: { entries: result.items, nextPageToken: result.nextPageToken } };
}

export function listLogs(
  records: readonly StoredRecord[],
  request: WireListLogsRequest,
): Answer<{ logNames: string[]; nextPageToken: string }> {
  const names = [...(request.parent ? [request.parent] : []), ...(request.resourceNames ?? [])];
  const parents = parentsOf(names);
  if (typeof parents === 'string') return invalid(parents);
  if (parents.size === 0) return invalid('parent: a parent resource name is required');
  const logNames = [...new Set(records.filter((r) => parents.has(r.view.parent)).map((r) => r.view.logName))];
  const result = page(logNames, request.pageSize, request.pageToken);
  if (!result) return invalid(`Invalid page token "${request.pageToken}"`);
  return { response: { logNames: result.items, nextPageToken: result.nextPageToken } };
}
