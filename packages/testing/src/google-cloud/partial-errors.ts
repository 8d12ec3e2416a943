// Reading the per-entry errors of a partially successful WriteLogEntries from the error the
// real client rejects with. google-gax decodes `grpc-status-details-bin` into `statusDetails`:
// with @google-cloud/logging 11.4 the detail arrives decoded, a `WriteLogEntriesPartialErrors`
// message whose `logEntryErrors` maps the entry index (as a string key) to a Status. Should a
// google-gax not know the type, the detail stays an `Any` (`{ type_url, value }`); both forms
// are read here, and the raw trailer as a last resort.
import { decodePartialErrors, decodeStatus } from './wire.js';
import { PARTIAL_ERRORS_TYPE_URL } from './write-entries.js';

/** One rejected entry: its zero-based index in the request, and why. */
export interface PartialEntryError {
  readonly index: number;
  /** A gRPC status code, 3 (INVALID_ARGUMENT) for validation failures. */
  readonly code: number;
  readonly message: string;
}

interface AnyLike {
  readonly type_url?: unknown;
  readonly typeUrl?: unknown;
  readonly value?: unknown;
}

interface DecodedPartialErrors {
  readonly logEntryErrors?: Record<string, { code?: number; message?: string } | undefined>;
}

function decodedPartialErrors(error: { statusDetails?: unknown }): PartialEntryError[] | undefined {
  if (!Array.isArray(error.statusDetails)) return undefined;
  const detail = (error.statusDetails as DecodedPartialErrors[]).find(
    (d) => d !== null && typeof d === 'object' && typeof d.logEntryErrors === 'object',
  );
  if (!detail?.logEntryErrors) return undefined;
  return Object.entries(detail.logEntryErrors).map(([index, status]) => ({
    index: Number(index),
    code: status?.code ?? 0,
    message: status?.message ?? '',
  }));
}

function partialErrorsBytes(error: { statusDetails?: unknown; metadata?: unknown }): Uint8Array | undefined {
  if (Array.isArray(error.statusDetails)) {
    for (const detail of error.statusDetails as AnyLike[]) {
      const typeUrl = detail?.type_url ?? detail?.typeUrl;
      if (typeUrl === PARTIAL_ERRORS_TYPE_URL && detail.value instanceof Uint8Array) return detail.value;
    }
  }
  const metadata = error.metadata as { get?: (key: string) => unknown[] } | undefined;
  const raw = typeof metadata?.get === 'function' ? metadata.get('grpc-status-details-bin')[0] : undefined;
  if (raw instanceof Uint8Array) {
    return decodeStatus(raw).details?.find((d) => d.typeUrl === PARTIAL_ERRORS_TYPE_URL)?.value;
  }
  return undefined;
}

/**
 * The per-entry errors carried by a WriteLogEntries error (`partialSuccess: true`), sorted by
 * entry index; empty when the error carries none (a whole-request failure, a transport error).
 */
export function partialErrorsOf(error: unknown): PartialEntryError[] {
  if (error === null || typeof error !== 'object') return [];
  try {
    const decoded = decodedPartialErrors(error as { statusDetails?: unknown });
    if (decoded) return decoded.sort((a, b) => a.index - b.index);
    const bytes = partialErrorsBytes(error as { statusDetails?: unknown; metadata?: unknown });
    if (!bytes) return [];
    return [...decodePartialErrors(bytes)]
      .map(([index, status]) => ({ index, code: status.code, message: status.message }))
      .sort((a, b) => a.index - b.index);
  } catch {
    return [];
  }
}
