// Log names as the service accepts them: `projects/[PROJECT_ID]/logs/[LOG_ID]` (or an
// organization, folder or billing account), `[LOG_ID]` URL-encoded, under 512 characters,
// of letters, digits, `/`, `_`, `-` and `.` once decoded. Error texts follow the service's.
import { MAX_LOG_ID_LENGTH } from './limits.js';

export interface ParsedLogName {
  /** The name without the tolerated leading `/`. */
  readonly logName: string;
  readonly parent: string;
  readonly projectId: string | undefined;
  readonly logId: string;
}

const LOG_NAME = /^(projects|organizations|folders|billingAccounts)\/([^/]+)\/logs\/([^/]+)$/;
const LOG_ID_CHARS = /^[A-Za-z0-9/_.-]+$/;

/** Parses a full log name; returns the service's error message when it is not acceptable. */
export function parseLogName(raw: string): ParsedLogName | { error: string } {
  // "For backward compatibility, if log_name begins with a forward-slash ... the forward-slash is removed."
  const name = raw.startsWith('/') ? raw.slice(1) : raw;
  const match = LOG_NAME.exec(name);
  if (!match) {
    return {
      error: `Received unexpected value parsing name "${raw}". Expected the form projects/[PROJECT_ID]/logs/[ID]`,
    };
  }
  const [, kind, id, encodedLogId] = match as unknown as [string, string, string, string];
  let logId: string;
  try {
    logId = decodeURIComponent(encodedLogId);
  } catch {
    logId = encodedLogId;
  }
  if (!LOG_ID_CHARS.test(logId)) {
    return { error: `Log name (${logId}) contains illegal character. Allowed characters are alphanumerics and ./_-` };
  }
  if (logId.length > MAX_LOG_ID_LENGTH) {
    return { error: `Log name (${logId.slice(0, 40)}...) is ${logId.length} characters long; the limit is 511` };
  }
  return { logName: name, parent: `${kind}/${id}`, projectId: kind === 'projects' ? id : undefined, logId };
}

/** A resource name for listing (`projects/p`, `projects/p/locations/l/buckets/b/views/v`) reduced to its parent. */
export function parentOfResourceName(name: string): string | undefined {
  const match = /^(projects|organizations|folders|billingAccounts)\/([^/]+)(?:\/.*)?$/.exec(name);
  return match ? `${match[1]}/${match[2]}` : undefined;
}
