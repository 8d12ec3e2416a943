// Shared set-up for the local Cloud Logging server tests: a server on 127.0.0.1 port 0 and a
// real @google-cloud/logging client pointed at it.
import { LocalCloudLogging, type LocalCloudLoggingOptions } from '@cloudlog/testing';
import { type Log, Logging } from '@google-cloud/logging';

export const PROJECT = 'test-project';
export const RESOURCE = { type: 'global', labels: { project_id: PROJECT } };

/** One attempt, short deadline: what a transport uses so that a stuck call cannot stall it. */
export const ONE_SHOT = { gaxOptions: { timeout: 500, retry: null } } as const;

/** The error google-gax rejects with. */
export interface GaxError extends Error {
  code?: number;
  details?: string;
  statusDetails?: unknown[];
  metadata?: { get(key: string): unknown[] };
}

export async function startServer(
  options?: LocalCloudLoggingOptions,
): Promise<{ server: LocalCloudLogging; logging: Logging }> {
  const server = await LocalCloudLogging.start(options);
  return { server, logging: new Logging(server.clientOptions(PROJECT)) };
}

/**
 * The first Log.write of a process appends a diagnostic entry and forces partialSuccess: true
 * on that request. Tests whose outcome depends on the request's exact content write once first.
 */
export async function consumeDiagnosticEntry(logging: Logging): Promise<void> {
  const log = logging.log('warm-up');
  await log.write(log.entry({}, { warmUp: true }), { resource: RESOURCE });
}

export async function rejectionOf(promise: Promise<unknown>): Promise<GaxError> {
  try {
    await promise;
  } catch (error) {
    return error as GaxError;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

export function writeOne(log: Log, metadata: object, data: object | string, options: object = {}) {
  return log.write(log.entry(metadata, data), { resource: RESOURCE, ...options });
}
